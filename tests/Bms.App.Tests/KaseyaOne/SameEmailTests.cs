using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>
/// SPEC rule 3 in the database, on both stores: the BMS user a KaseyaOne sign-in matches by email is found whatever the
/// case of either address. On PostgreSQL, where LIKE tells cases apart, an address in another case found nobody, so
/// the user was refused as if the emails differed.
/// </summary>
public sealed class SameEmailTests(BmsOnEachStore stores) : IClassFixture<BmsOnEachStore>
{
    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule3_TheSameEmailInAnotherCaseFindsTheUser(Store store)
    {
        var factory = stores.On(store);
        var user = await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "casey" + store, $"Casey.{store}@Acme.Example");

        var found = await CandidatesAsync(factory, $"  casey.{store.ToString().ToUpperInvariant()}@ACME.example ");

        Assert.Equal([user.Id], found);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [PostgresData]
    public async Task Rule3_AnUnderscoreOrPercentInAnEmailMatchesOnlyItself(Store store)
    {
        var factory = stores.On(store);
        await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "wild" + store, $"wildxcard.{store}@acme.example");
        var exact = await factory.Services.AddBmsUserAsync(BmsFactory.Acme, "wild_" + store, $"wild_card.{store}@acme.example");

        Assert.Equal([exact.Id], await CandidatesAsync(factory, $"wild_card.{store}@acme.example"));
        Assert.Empty(await CandidatesAsync(factory, $"wild%.{store}@acme.example"));
    }

    private static Task<List<Guid>> CandidatesAsync(BmsFactory factory, string kaseyaOneEmail) =>
        factory.InScopeAsync(services => KaseyaOneSignIn
            .SameEmail(services.GetRequiredService<SsoSuite.Bms.Data.BmsDbContext>().Users, kaseyaOneEmail)
            .Select(u => u.Id).ToListAsync());
}
