namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// Where the exchange for one type URL of one stream stands, in either ADS variant: the last response
/// sent, the last ACK and the last NACK, and whether a response is due.
/// </summary>
internal abstract class TypeSubscription
{
    protected const string WildcardName = "*";
    private static readonly string[] WildcardNames = [WildcardName];

    protected TypeSubscription(string typeUrl)
    {
        TypeUrl = typeUrl;
    }

    public string TypeUrl { get; }

    /// <summary>True when the stream receives every resource of the type.</summary>
    public bool IsWildcard { get; protected set; }

    /// <summary>True when the subscription changed and has not been answered yet.</summary>
    public bool ResponseDue { get; protected set; }

    public string? LastSentVersion { get; private set; }

    public string? LastSentNonce { get; private set; }

    public string? AckedVersion { get; private set; }

    public XdsNack? LastNack { get; private set; }

    public void RecordAck() => AckedVersion = LastSentVersion;

    public void RecordNack(XdsNack nack) => LastNack = nack;

    public XdsTypeStatus ToStatus() =>
        new(TypeUrl, IsWildcard ? WildcardNames : SubscribedNames(), LastSentVersion, LastSentNonce, AckedVersion, LastNack);

    /// <summary>The names subscribed when the subscription is not a wildcard.</summary>
    protected abstract IReadOnlyList<string> SubscribedNames();

    protected void MarkSent(string version, string nonce)
    {
        LastSentVersion = version;
        LastSentNonce = nonce;
        ResponseDue = false;
    }
}
