namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class LaunchCollection : ICollectionFixture<LaunchSuite>
{
    public const string Name = "Launch";
}
