namespace GenieObservability.Engine.Http;

/// <summary>
/// One request's turn at a host's <see cref="AdaptiveRateController"/>: tell it how the host answered with
/// <see cref="Answered"/>. A turn that got no answer (the connection failed, the token could not be had) is simply
/// dropped: the controller learns only from answers.
/// </summary>
public sealed class RequestTurn
{
    private readonly AdaptiveRateController _controller;
    private int _done;

    internal RequestTurn(AdaptiveRateController controller, double sentAt)
    {
        _controller = controller;
        SentAt = sentAt;
    }

    /// <summary>When the request was let through, in seconds of the controller's clock.</summary>
    public double SentAt { get; }

    /// <summary>Reports the host's answer (any answer but 429 counts as admitted); returns a line for -Verbose when one is due.</summary>
    public string? Answered(bool rateLimited, TimeSpan? retryAfter) =>
        Interlocked.Exchange(ref _done, 1) == 0 ? _controller.Answer(SentAt, rateLimited, retryAfter) : null;
}
