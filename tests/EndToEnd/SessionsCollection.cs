namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class SessionsCollection : ICollectionFixture<SessionsSuite>
{
    public const string Name = "Sessions";
}
