using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Sessions;

/// <summary>
/// The stored side of a <see cref="ServerSideSession"/>: the id its cookie names, its absolute end, and when it ended.
/// Each app's session adds whose it is and where it came from.
/// </summary>
public abstract class SessionRecord
{
    public required string Id { get; set; }
    /// <summary>The absolute end (<see cref="SessionLifetimeOptions.AbsoluteLifetime"/>), however active the session is.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    public bool IsLive => EndedAt is null;
}

public static class SessionRecordConfiguration
{
    /// <summary>The app's <c>Sessions</c> table, with the columns every session has.</summary>
    public static EntityTypeBuilder<TSession> ToSessionTable<TSession>(this EntityTypeBuilder<TSession> e) where TSession : SessionRecord
    {
        e.ToTable("Sessions");
        e.Property(s => s.Id).HasMaxLength(ServerSideSession.MaxIdLength);
        // Milliseconds since 1970: SQLite compares and orders numbers (the live-session query, pruning), not DateTimeOffset text.
        e.Property(s => s.ExpiresAt).HasConversion(UnixMilliseconds.Converter);
        e.HasIndex(s => s.ExpiresAt);
        e.Ignore(s => s.IsLive);
        return e;
    }
}
