using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Shared.Tests.Accounts;

public sealed class TestStore(DbContextOptions<TestStore> options) : DbContext(options)
{
    public DbSet<TestAccount> Accounts => Set<TestAccount>();
}
