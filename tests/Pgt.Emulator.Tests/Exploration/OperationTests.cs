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
    public void FifthAccess_ConflictsAndASixthIsRefused()
    {
        var op = new Operation(OperationKind.Read, 0x100);
        for (var i = 1; i < Operation.MaxAccesses; i++)
        {
            op = op.And(OperationKind.Read, 0x100 + (ulong)i * 0x100);
        }

        Assert.Equal(Operation.MaxAccesses, op.AccessCount);
        Assert.True(op.ConflictsWith(new Operation(OperationKind.Write, 0x500)));
        Assert.False(op.ConflictsWith(new Operation(OperationKind.Write, 0x600)));
        Assert.Throws<InvalidOperationException>(() => op.And(OperationKind.Read, 0x600));
    }

    [Fact]
    public void Equality_ComparesEveryAccessAndTheStrandState()
    {
        var a = new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1000);
        Assert.Equal(a, new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1000));
        Assert.NotEqual(a, new Operation(OperationKind.Write, 0x800).And(OperationKind.Read, 0x1800));
        Assert.NotEqual(a, a.With(StrandStateAccess.ReadsAll));
        Assert.Equal(Operation.Local, default);
    }
}
