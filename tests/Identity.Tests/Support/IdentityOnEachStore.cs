namespace SsoSuite.Identity.Tests.Support;

/// <summary>KaseyaOne in process (<see cref="IdentityFactory"/>) once per store, for the provider matrix of the store-level tests.</summary>
public sealed class IdentityOnEachStore : OnEachStore<IdentityFactory>
{
    protected override IdentityFactory Create(IDictionary<string, string?> settings) => IdentityFactory.On(null, settings);
}
