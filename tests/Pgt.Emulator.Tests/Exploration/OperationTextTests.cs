using Pgt.Emulator.Exploration;
using Pgt.Emulator.Exploration.Core;
using Xunit;

namespace Pgt.Emulator.Tests.Exploration;

public class OperationTextTests
{
    [Fact]
    public void ReadOfSomeStrands_PrintsThemAndParsesBack()
    {
        var operation = new Operation(OperationKind.Write, 0x3f800).ReadingStrands(0b1010);
        Assert.Equal("W 0x3f800 & states:read(T1,T3)", OperationText.Format(operation));
        Assert.Equal(operation, OperationText.Parse("W 0x3f800 & states:read(T1,T3)"));
    }

    [Fact]
    public void ReadOfNoStrand_PrintsAnEmptySetAndParsesBack()
    {
        var operation = new Operation(OperationKind.Write, 0x3f800).ReadingStrands(0);
        Assert.Equal("W 0x3f800 & states:read()", OperationText.Format(operation));
        Assert.Equal(operation, OperationText.Parse("W 0x3f800 & states:read()"));
    }

    [Fact]
    public void ReadOfEveryStrand_StaysReadAll()
    {
        var operation = new Operation(OperationKind.Write, 0x3f800).With(StrandStateAccess.Reads);
        Assert.Equal("W 0x3f800 & states:read-all", OperationText.Format(operation));
        Assert.Equal(operation, OperationText.Parse("W 0x3f800 & states:read-all"));
    }

    [Theory]
    [InlineData("W 0x3f800 & states:read(T3,T1)")]
    [InlineData("W 0x3f800 & states:read(T1,T1)")]
    [InlineData("W 0x3f800 & states:read(1)")]
    [InlineData("W 0x3f800 & states:read(T64)")]
    [InlineData("W 0x3f800 & states:read(T1")]
    public void MalformedStrandSets_AreRefused(string text) => Assert.Null(OperationText.Parse(text));

    [Fact]
    public void BeginningAndReadOfEnds_PrintAndParseBack()
    {
        var beginning = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(16)).With(StrandStateAccess.OpensOwn);
        Assert.Equal("RMW sync#16 & states:open-own", OperationText.Format(beginning));
        Assert.Equal(beginning, OperationText.Parse("RMW sync#16 & states:open-own"));
        var ends = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(1)).ReadingEnds(0b1010);
        Assert.Equal("RMW sync#1 & states:ends(T1,T3)", OperationText.Format(ends));
        Assert.Equal(ends, OperationText.Parse("RMW sync#1 & states:ends(T1,T3)"));
        var endsOfAll = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(1)).With(StrandStateAccess.ReadsEnds);
        Assert.Equal("RMW sync#1 & states:ends-all", OperationText.Format(endsOfAll));
        Assert.Equal(endsOfAll, OperationText.Parse("RMW sync#1 & states:ends-all"));
        var record = new Operation(OperationKind.ReadModifyWrite, Resources.Sync(3)).With(StrandStateAccess.Snapshots);
        Assert.Equal("RMW sync#3 & states:snapshot-all", OperationText.Format(record));
        Assert.Equal(record, OperationText.Parse("RMW sync#3 & states:snapshot-all"));
    }

    [Theory]
    [InlineData("RMW sync#1 & states:ends(T3,T1)")]
    [InlineData("RMW sync#1 & states:ends(T1")]
    [InlineData("RMW sync#1 & states:open-own(T1)")]
    public void MalformedReadsOfEnds_AreRefused(string text) => Assert.Null(OperationText.Parse(text));
}
