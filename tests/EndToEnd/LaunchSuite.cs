namespace SsoSuite.EndToEnd;

/// <summary>A suite of its own (fresh stores) for the launch journey, which would otherwise see other journeys' links.</summary>
public sealed class LaunchSuite : Suite;
