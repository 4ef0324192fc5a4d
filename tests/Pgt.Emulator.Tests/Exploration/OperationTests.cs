using Pgt.Emulator.Exploration;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration;

public class OperationTests
{
    [Fact]
    public void ReadsOfOneWord_DoNotConflict() =>
        Assert.False(new Operation(OperationKind.Read, 0x800).ConflictsWith(new Operation(OperationKind.Read, 0x800)));

    [Fact]
    public void WriteAndReadOfOneWord_Conflict() =>
        Assert.True(new Operation(OperationKind.Write, 0x800).ConflictsWith(new Operation(OperationKind.Read, 0x800)));

    [Fact]
    public void SyncIds_NeverCollideWithAddresses() =>
        Assert.False(new Operation(OperationKind.Acquire, Resources.Sync(0x800)).ConflictsWith(new Operation(OperationKind.Write, 0x800)));

    [Fact]
    public void AndOfADeclaredResource_MergesAndTheWriteWins()
    {
        var op = new Operation(OperationKind.Read, 0x800).And(OperationKind.Read, 0x1000).And(OperationKind.Write, 0x800);
        Assert.Equal(2, op.AccessCount);
        Assert.Equal((OperationKind.Write, 0x800UL), op.Access(0));
        Assert.True(op.Writes(0x800));
        Assert.False(op.Writes(0x1000));
    }

    [Fact]
    public void LastAccess_ConflictsAndOneMoreIsRefused()
    {
        var op = new Operation(OperationKind.Read, 0x100);
        for (var i = 1; i < Operation.MaxAccesses; i++)
        {
            op = op.And(OperationKind.Read, 0x100 + (ulong)i * 0x100);
        }

        var last = 0x100 + (ulong)(Operation.MaxAccesses - 1) * 0x100;
        Assert.Equal(Operation.MaxAccesses, op.AccessCount);
        Assert.True(op.ConflictsWith(new Operation(OperationKind.Write, last)));
        Assert.False(op.ConflictsWith(new Operation(OperationKind.Write, last + 0x100)));
        Assert.Throws<InvalidOperationException>(() => op.And(OperationKind.Read, last + 0x100));
    }

    [Fact]
    public void Equality_ComparesEveryAccessAndTheStrandState()
    {
        var a = new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1000);
        Assert.Equal(a, new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1000));
        Assert.NotEqual(a, new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1800));
        Assert.NotEqual(a, a.With(StrandStateAccess.Reads));
        Assert.Equal(Operation.Local, default);
    }

    [Fact]
    public void ReadOfSomeStrands_ConflictsOnlyWithTheirOwnStateChanges()
    {
        var readsT1AndT3 = new Operation(OperationKind.Write, 0x800).ReadingStrands(0b1010);
        var boundary = new Operation(OperationKind.Read, Resources.Sync(1)).With(StrandStateAccess.WritesOwn);
        Assert.True(boundary.ConflictsWith(1, readsT1AndT3, 0));
        Assert.True(readsT1AndT3.ConflictsWith(0, boundary, 3));
        Assert.False(boundary.ConflictsWith(2, readsT1AndT3, 0));
        Assert.False(readsT1AndT3.ConflictsWith(0, boundary, 0));
        Assert.False(boundary.ConflictsWith(1, boundary, 3));
    }

    [Fact]
    public void ReadOfEveryStrand_ConflictsWithEveryStateChange()
    {
        var readsAll = new Operation(OperationKind.Write, 0x800).With(StrandStateAccess.Reads);
        var boundary = new Operation(OperationKind.Read, Resources.Sync(1)).With(StrandStateAccess.WritesOwn);
        Assert.Equal(Operation.AllStrands, readsAll.ReadStrands);
        Assert.True(boundary.ConflictsWith(63, readsAll, 0));
        Assert.True(readsAll.ConflictsWith(0, boundary, 5));
    }

    [Fact]
    public void ReadOfNoStrand_ConflictsOnlyThroughItsResources()
    {
        var readsNone = new Operation(OperationKind.Write, 0x800).ReadingStrands(0);
        var boundary = new Operation(OperationKind.Read, Resources.Sync(1)).With(StrandStateAccess.WritesOwn);
        Assert.False(boundary.ConflictsWith(1, readsNone, 0));
        Assert.False(boundary.ConflictsWith(readsNone));
        Assert.True(readsNone.ConflictsWith(0, new Operation(OperationKind.Read, 0x800), 1));
    }

    [Fact]
    public void Equality_ComparesTheReadStrands() =>
        Assert.NotEqual(new Operation(OperationKind.Write, 0x800).ReadingStrands(0b10), new Operation(OperationKind.Write, 0x800).ReadingStrands(0b100));

    [Fact]
    public void ReadOfEnds_SeesASectionEndingButNotABeginning()
    {
        var endsOfT1 = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(1)).ReadingEnds(0b10);
        var ending = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(16)).With(StrandStateAccess.WritesOwn);
        var beginning = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(16)).With(StrandStateAccess.OpensOwn);
        Assert.True(ending.ConflictsWith(1, endsOfT1, 0));
        Assert.True(endsOfT1.ConflictsWith(0, ending, 1));
        Assert.False(ending.ConflictsWith(2, endsOfT1, 0));
        Assert.False(beginning.ConflictsWith(1, endsOfT1, 0));
        Assert.False(endsOfT1.ConflictsWith(0, beginning, 1));
        Assert.True(ending.ConflictsWith(endsOfT1));
        Assert.False(beginning.ConflictsWith(endsOfT1));
    }

    [Fact]
    public void Snapshot_SeesBothABeginningAndAnEnding()
    {
        var snapshot = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(1)).With(StrandStateAccess.Reads);
        var beginning = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(16)).With(StrandStateAccess.OpensOwn);
        var ending = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(17)).With(StrandStateAccess.WritesOwn);
        Assert.True(beginning.ConflictsWith(3, snapshot, 0));
        Assert.True(snapshot.ConflictsWith(0, beginning, 3));
        Assert.True(ending.ConflictsWith(3, snapshot, 0));
        Assert.True(beginning.ConflictsWith(snapshot));
        Assert.False(beginning.ConflictsWith(2, ending, 3)); // Two strands' own states: independent.
    }

    [Fact]
    public void RecordOfOpenSections_SeesABeginningButNotAnEnding()
    {
        var record = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(3)).With(StrandStateAccess.Snapshots);
        var beginning = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(16)).With(StrandStateAccess.OpensOwn);
        var ending = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(17)).With(StrandStateAccess.WritesOwn);
        Assert.Equal(Operation.AllStrands, record.ReadStrands);
        Assert.True(beginning.ConflictsWith(3, record, 0));
        Assert.True(record.ConflictsWith(0, beginning, 3));
        Assert.False(ending.ConflictsWith(3, record, 0));
        Assert.False(record.ConflictsWith(0, ending, 3));
        Assert.True(beginning.ConflictsWith(record));
        Assert.False(ending.ConflictsWith(record));
        var otherRecord = new Operation(OperationKind.Read, Resources.Sync(1)).With(StrandStateAccess.Snapshots);
        Assert.False(otherRecord.ConflictsWith(1, otherRecord, 2)); // Two reads commute.
        Assert.True(record.ConflictsWith(1, new Operation(OperationKind.Read, Resources.Sync(3)), 2)); // Its resource still counts.
    }

    [Fact]
    public void Equality_TellsTheTwoReadsApart() =>
        Assert.NotEqual(new Operation(OperationKind.Write, 0x800).ReadingStrands(0b10), new Operation(OperationKind.Write, 0x800).ReadingEnds(0b10));
}
