namespace SsoSuite.Identity.Oidc;

/// <summary>
/// The changes made to clients through this app's application manager (<see cref="ClientSecretHasher{TApplication}"/>),
/// counted so that a list of client ids read across one is not kept. One per app, like the memory the list is kept in:
/// a change another app of the process makes to its own store leaves this app's list alone.
/// </summary>
public sealed class ClientIdChanges
{
    private readonly Lock gate = new();
    private long count;

    /// <summary>
    /// Where the count stands, taken before a list is read and on every client lookup: read without the lock, as one
    /// atomic read. A count read just before a change is what the lock would also have given a reader that came first.
    /// </summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>A change: the count moves and <paramref name="drop"/> (the kept list) runs, in one step.</summary>
    public void Change(Action drop)
    {
        lock (gate)
        {
            Interlocked.Increment(ref count);
            drop();
        }
    }

    /// <summary>
    /// Runs <paramref name="keep"/> for a list read since the count stood at <paramref name="before"/>, unless a change
    /// was made meanwhile; the check and the keeping are one step, so no change falls between them.
    /// </summary>
    public void KeepUnlessChanged(long before, Action keep)
    {
        lock (gate)
        {
            if (count == before)
            {
                keep();
            }
        }
    }
}
