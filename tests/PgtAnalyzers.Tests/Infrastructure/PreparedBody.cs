using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>A bound body with its control-flow graph (and its nested graphs) already built.</summary>
internal sealed record PreparedBody(IOperation Root, ISymbol Owner, ControlFlowGraph Graph);
