using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SsoSuite.Shared.Data;

namespace SsoSuite.Shared.Tests.Data;

public class CompiledStoreQueryTests
{
    public sealed class Note
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }

    /// <summary>Two stores whose models differ (as SQLite's and PostgreSQL's do): the notes live in different tables.</summary>
    public class NotesContext(DbContextOptions options) : DbContext(options)
    {
        protected virtual string Table => "Notes";

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Note>().ToTable(Table);
    }

    public sealed class ArchivedNotesContext(DbContextOptions options) : NotesContext(options)
    {
        protected override string Table => "ArchivedNotes";
    }

    private static readonly CompiledStoreQuery<NotesContext, int, Note?> ById =
        new((db, id, _) => db.Set<Note>().AsNoTracking().FirstOrDefault(n => n.Id == id));

    [Fact]
    public async Task Rule14_AQueryCompiledOnceAnswersOnEachStoreOfTheProcess_EachFromItsOwnTables()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        await using var current = new NotesContext(new DbContextOptionsBuilder<NotesContext>().UseSqlite(connection).Options);
        await using var archive = new ArchivedNotesContext(new DbContextOptionsBuilder<ArchivedNotesContext>().UseSqlite(connection).Options);
        await current.Database.ExecuteSqlRawAsync(
            "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL); INSERT INTO Notes VALUES (1, 'current');" +
            "CREATE TABLE ArchivedNotes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL); INSERT INTO ArchivedNotes VALUES (1, 'archived');");

        Assert.Equal("current", (await ById.RunAsync(current, 1, CancellationToken.None))?.Text);
        Assert.Equal("archived", (await ById.RunAsync(archive, 1, CancellationToken.None))?.Text);
        Assert.Equal("current", (await ById.RunAsync(current, 1, CancellationToken.None))?.Text);
        Assert.Null(await ById.RunAsync(archive, 2, CancellationToken.None));
    }
}
