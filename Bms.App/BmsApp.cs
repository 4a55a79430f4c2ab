namespace SsoSuite.Bms;

/// <summary>
/// Names this assembly for the in-process test host (<c>WebApplicationFactory&lt;BmsApp&gt;</c>).
/// Both apps use top-level statements, so their <c>Program</c> types would clash in a test project
/// that references both; this marker does not.
/// </summary>
public sealed class BmsApp;
