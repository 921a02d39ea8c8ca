namespace Mesh.Sdk.Telemetry;

/// <summary>Boxed status codes, ports and retry counts shared by every tag, so tagging a measurement does not box.</summary>
internal static class BoxedInts
{
    private const int Cached = 1024;

    private static readonly object[] Boxes = Create();

    public static object Get(int value) => (uint)value < Cached ? Boxes[value] : value;

    private static object[] Create()
    {
        var boxes = new object[Cached];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = i;
        }

        return boxes;
    }
}
