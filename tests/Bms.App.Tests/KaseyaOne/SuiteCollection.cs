namespace SsoSuite.Bms.Tests.KaseyaOne;

[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteHosts>
{
    public const string Name = "KaseyaOne and BMS";
}
