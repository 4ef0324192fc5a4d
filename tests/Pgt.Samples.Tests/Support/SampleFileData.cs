namespace Pgt.Samples.Tests.Support;

/// <summary>Theory data: one case per sample file found under <c>samples/</c> when the tests are discovered.</summary>
public static class SampleFileData
{
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in SamplesFolder.Files())
        {
            data.Add(file);
        }

        return data;
    }
}
