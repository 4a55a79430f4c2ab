namespace SsoSuite.Shared.Launcher;

/// <summary>
/// One line of the app launcher (SPEC rule 10), as KaseyaOne lists it for a user and BMS shows it after a KaseyaOne
/// sign-in: what the user sees, where it goes (null while the module is not yet available) and a stable id.
/// </summary>
public sealed record LauncherEntry(string Id, string Name, string? Url);

/// <summary>What KaseyaOne's launcher API answers (<c>GET /api/v1/launcher</c>).</summary>
public sealed record LauncherEntries(IReadOnlyList<LauncherEntry> Entries);
