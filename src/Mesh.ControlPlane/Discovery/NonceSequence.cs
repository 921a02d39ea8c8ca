using System.Globalization;

namespace Mesh.ControlPlane.Discovery;

/// <summary>Nonces for one stream: a counter, so each response's nonce is unique and ordered.</summary>
internal sealed class NonceSequence
{
    private long _last;

    public string Next()
    {
        _last++;
        return _last.ToString(CultureInfo.InvariantCulture);
    }
}
