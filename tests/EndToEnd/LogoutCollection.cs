namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class LogoutCollection : ICollectionFixture<LogoutSuite>
{
    public const string Name = "Logout";
}
