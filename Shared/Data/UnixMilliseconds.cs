using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SsoSuite.Shared.Data;

/// <summary>
/// A moment stored as milliseconds since 1970 (UTC). SQLite keeps a DateTimeOffset as text that EF Core cannot
/// compare or order in SQL; a number it can, so every column a query filters or sorts by time uses this.
/// </summary>
public static class UnixMilliseconds
{
    public static readonly ValueConverter<DateTimeOffset, long> Converter =
        new(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableConverter =
        new(v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null,
            v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
}
