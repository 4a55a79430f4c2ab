namespace SsoSuite.Bms.Tests.Support;

/// <summary>BMS in process (<see cref="BmsFactory"/>) once per store, for the provider matrix of the store-level tests.</summary>
public sealed class BmsOnEachStore : OnEachStore<BmsFactory>
{
    protected override BmsFactory Create(IDictionary<string, string?> settings) => BmsFactory.With(settings);
}
