namespace SsoSuite.EndToEnd;

[CollectionDefinition(Name)]
public sealed class RegionsCollection : ICollectionFixture<RegionsSuite>
{
    public const string Name = "Regions";
}
