namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<Suite>
{
    public const string Name = "Suite";
}
