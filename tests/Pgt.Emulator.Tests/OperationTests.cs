using Pgt.Emulator.Exploration;
using Xunit;

namespace Pgt.Emulator.Tests;

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
}
