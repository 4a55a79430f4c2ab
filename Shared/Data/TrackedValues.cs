using Microsoft.EntityFrameworkCore;

namespace SsoSuite.Shared.Data;

/// <summary>
/// After a direct <c>ExecuteUpdate</c>, the entity the caller holds gets the stored value too, as both its
/// current and original value, so that a later <c>SaveChanges</c> neither writes it again nor undoes it.
/// </summary>
internal static class TrackedValues
{
    public static void Remember<TEntity, T>(this DbContext db, TEntity entity, string property, T value) where TEntity : class
    {
        var entry = db.Entry(entity);
        var column = entry.Property(property);
        column.CurrentValue = value;
        if (entry.State != EntityState.Detached)
        {
            // Setting the current value marks it modified; a later SaveChanges of the same context (an
            // audit entry) would then write this copy back over whatever racing requests stored since.
            column.OriginalValue = value;
            column.IsModified = false;
        }
    }
}
