namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class TwoSiteCollection : ICollectionFixture<TwoSiteSuite>
{
    public const string Name = "Two sites";
}
