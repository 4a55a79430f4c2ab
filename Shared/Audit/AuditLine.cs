using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SsoSuite.Shared.Audit;

/// <summary>
/// One line of an app's audit trail, within one tenant: when, what and how it ended. Each app's entity adds who
/// (a KaseyaOne account and the admin who acted; a BMS user) and keeps its own table.
/// </summary>
public abstract class AuditLine
{
    public const int DetailMaxLength = 1000;

    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTimeOffset At { get; set; }
    public Guid TenantId { get; set; }
    public string Action { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? Detail { get; set; }

    /// <summary>
    /// <paramref name="text"/> cut to <paramref name="maxLength"/> UTF-16 units, never between the two halves of a
    /// surrogate pair (an emoji): half a pair is not text in any encoding, and PostgreSQL's client refuses to send it.
    /// </summary>
    public static string? Shorten(string? text, int maxLength)
    {
        if (text is not { Length: > 0 } || text.Length <= maxLength)
        {
            return text;
        }
        var end = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..end];
    }
}

/// <summary>How a line ended, in the words Admin &gt; Audit shows in both apps.</summary>
public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
    public const string Ended = "ended";
    public const string GivenUp = "given up";
}

public static class AuditLineConfiguration
{
    /// <summary>The columns every audit table has, in the app's <c>AuditEntries</c> table.</summary>
    public static EntityTypeBuilder<TLine> ToAuditTable<TLine>(this EntityTypeBuilder<TLine> e, int actionMaxLength)
        where TLine : AuditLine
    {
        e.ToTable("AuditEntries");
        e.Property(a => a.Action).HasMaxLength(actionMaxLength);
        e.Property(a => a.Outcome).HasMaxLength(20);
        e.Property(a => a.Detail).HasMaxLength(AuditLine.DetailMaxLength);
        return e;
    }
}
