namespace SsoSuite.EndToEnd;

/// <summary>A suite of its own (fresh stores) for the logout journey, which would otherwise see other journeys' links.</summary>
public sealed class LogoutSuite : Suite;
