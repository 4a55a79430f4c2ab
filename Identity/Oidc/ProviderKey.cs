using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Identity.Oidc;

/// <summary>One of the provider's keys, protected with Data Protection, in the store every instance shares.</summary>
public sealed class ProviderKey
{
    public required string Name { get; set; }
    public required byte[] ProtectedKey { get; set; }
}

internal sealed class ProviderKeyConfiguration : IEntityTypeConfiguration<ProviderKey>
{
    public void Configure(EntityTypeBuilder<ProviderKey> e)
    {
        e.HasKey(k => k.Name);
        e.Property(k => k.Name).HasMaxLength(50);
    }
}
