using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Identity.Accounts;

namespace SsoSuite.Identity.Emails;

/// <summary>
/// The verification code last mailed to an account (one at a time: a new code replaces the old). Only its salted
/// hash is stored, with the address it went to, so a code proves that address and no later one.
/// </summary>
public sealed class EmailCode
{
    public Guid AccountId { get; set; }
    public required string Email { get; set; }
    public required byte[] Salt { get; set; }
    public required byte[] CodeHash { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int WrongAttempts { get; set; }
}

internal sealed class EmailCodeConfiguration : IEntityTypeConfiguration<EmailCode>
{
    public void Configure(EntityTypeBuilder<EmailCode> e)
    {
        e.ToTable("EmailCodes");
        e.HasKey(c => c.AccountId);
        e.Property(c => c.Email).HasMaxLength(256);
        e.Property(c => c.Salt).HasMaxLength(16);
        e.Property(c => c.CodeHash).HasMaxLength(32);
        e.HasOne<K1Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
