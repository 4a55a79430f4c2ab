using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.Companies;

namespace SsoSuite.Bms.Tickets;

public enum TicketStatus { Open, InProgress, Closed }

/// <summary>A service ticket of a customer company.</summary>
public sealed class Ticket
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public BmsTenant Tenant { get; set; } = null!;
    public Guid CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public int Number { get; set; }
    public required string Title { get; set; }
    public TicketStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.ToTable("Tickets");
        e.Property(t => t.Title).HasMaxLength(300);
        e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        e.HasIndex(t => new { t.TenantId, t.Number }).IsUnique();
    }
}
