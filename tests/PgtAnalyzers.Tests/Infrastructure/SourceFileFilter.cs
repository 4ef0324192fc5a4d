using System.Linq;
using System.Text.RegularExpressions;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>Tells code that uses the ownership attributes from code that does not.</summary>
internal static class SourceFileFilter
{
    /// <summary>Any attribute name of annotations.md as a word, with or without its Attribute suffix.</summary>
    private static readonly Regex AttributeName = new(
        @"\b(" + string.Join("|", AnnotationNames.All.Select(name => name.Substring(0, name.Length - "Attribute".Length))) + @")(Attribute)?\b",
        RegexOptions.CultureInvariant);

    /// <summary>True when the text mentions none of the ownership attribute names (not even in a comment).</summary>
    public static bool IsUnannotated(string text) => !AttributeName.IsMatch(text);
}
