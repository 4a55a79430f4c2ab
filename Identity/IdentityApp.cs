namespace SsoSuite.Identity;

/// <summary>
/// Names this app's assembly for test hosts (<c>WebApplicationFactory&lt;IdentityApp&gt;</c>), so that a
/// test project can host KaseyaOne and BMS together without two global <c>Program</c> types meeting.
/// </summary>
public sealed class IdentityApp;
