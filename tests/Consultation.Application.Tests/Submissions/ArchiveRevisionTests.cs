using Consultation.Application.Features.OpenData;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Bodies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Submissions;

/// <summary>
/// The archive revision that public responses are validated by (ETag, Last-Modified): every change public output may
/// show moves it, in the same transaction; private changes leave it; a failed save leaves it.
/// </summary>
public sealed class ArchiveRevisionTests : SubmissionTestBase
{
    private async Task<ReadArchiveRevision.Revision> RevisionAsync() =>
        (await SendAsync(new ReadArchiveRevision.Query())).Revision ?? throw new InvalidOperationException("No archive revision row.");

    [Fact]
    public async Task A_new_submission_moves_the_revision_to_the_clock()
    {
        var before = await RevisionAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(3));

        await SubmitOpenAsync(People.Member);

        var after = await RevisionAsync();
        Assert.Equal(before.Number + 1, after.Number);
        Assert.Equal(Now, after.ChangedAt);
    }

    [Fact]
    public async Task Saving_a_draft_leaves_the_revision()
    {
        var before = await RevisionAsync();

        await SendAsync(Draft((await OpenAsync()).Id, "A private draft."), People.Member);

        Assert.Equal(before, await RevisionAsync());
    }

    /// <summary>
    /// Every kind of row that is not listed as private, changed through a save, moves the revision: a new kind of row is
    /// counted unless someone decides it is private.
    /// </summary>
    [Fact]
    public async Task A_change_to_any_row_that_is_not_private_moves_the_revision()
    {
        await using var db = App.NewDbContext();
        var kinds = db.Model.GetEntityTypes().Where(t => !t.IsOwned() && !ArchiveRevisionBump.IsPrivate(t.ClrType) && t.ClrType != typeof(Person)).ToList();
        var changed = new List<string>();
        foreach (var kind in kinds)
        {
            await using var context = App.NewDbContext();
            var set = (IQueryable<object>)context.GetType().GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(kind.ClrType).Invoke(context, null)!;
            var row = await set.FirstOrDefaultAsync();
            if (row is null) continue;
            var before = await RevisionAsync();
            context.Entry(row).State = EntityState.Modified;
            try
            {
                await context.SaveChangesAsync();
            }
            catch (InvalidOperationException)
            {
                continue; // published consensus rows are never changed: they only come new
            }
            Assert.True(before.Number < (await RevisionAsync()).Number, $"Changing a {kind.ClrType.Name} did not move the archive revision.");
            changed.Add(kind.ClrType.Name);
        }
        Assert.Contains(nameof(StakeholderBody), changed);
        Assert.True(changed.Count >= 15, string.Join(", ", changed));
    }

    [Fact]
    public async Task A_new_account_leaves_it_and_a_new_public_name_moves_it()
    {
        await App.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            var before = await RevisionAsync();

            var person = new Person { UserName = "new@example.org", Email = "new@example.org", DisplayName = "New Person" };
            Assert.True((await users.CreateAsync(person)).Succeeded);
            Assert.Equal(before, await RevisionAsync());

            person.DisplayName = "A new public name";
            await users.UpdateAsync(person);
            Assert.Equal(before.Number + 1, (await RevisionAsync()).Number);
        });
    }

    [Fact]
    public async Task A_failed_save_leaves_the_revision()
    {
        var before = await RevisionAsync();
        await using var db = App.NewDbContext();
        var taken = await db.Bodies.FirstAsync();
        db.Add(new StakeholderBody(taken.Slug, "A body whose address is taken", "DUP", taken.Kind, "Refused by the unique address."));

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal(before, await RevisionAsync());
    }

    [Fact]
    public async Task Concurrent_saves_each_move_it_once()
    {
        var before = await RevisionAsync();
        List<Guid> ids;
        await using (var db = App.NewDbContext())
            ids = await db.Bodies.Select(b => b.Id).Take(8).ToListAsync();

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            await using var db = App.NewDbContext();
            db.Entry(await db.Bodies.SingleAsync(b => b.Id == id)).State = EntityState.Modified;
            await db.SaveChangesAsync();
        })));

        Assert.Equal(before.Number + ids.Count, (await RevisionAsync()).Number);
    }

    /// <summary>
    /// The revision is kept between reads (ArchiveRevisionWatch), yet a change this process commits is seen by the very
    /// next read, and a change written behind its back (another process: here a bare connection, no interceptor) once the
    /// recheck interval has passed.
    /// </summary>
    [Fact]
    public async Task The_kept_revision_follows_this_process_at_once_and_another_within_the_recheck_interval()
    {
        var before = await RevisionAsync();
        Assert.Equal(before, await RevisionAsync());

        await SubmitOpenAsync(People.Member);
        var afterSubmission = await RevisionAsync();
        Assert.Equal(before.Number + 1, afterSubmission.Number);

        await using (var elsewhere = new SqliteConnection($"Data Source={App.DatabaseFile}"))
        {
            await elsewhere.OpenAsync();
            await using var bump = elsewhere.CreateCommand();
            bump.CommandText = "UPDATE ArchiveRevision SET Number = Number + 10";
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }
        Assert.Equal(afterSubmission.Number, (await RevisionAsync()).Number); // kept: nothing of this process committed

        await Task.Delay(ArchiveRevisionWatch.Recheck + TimeSpan.FromMilliseconds(100));
        Assert.Equal(afterSubmission.Number + 10, (await RevisionAsync()).Number);
    }
}
