using System.Globalization;

namespace GenieObservability.Engine.Warehouse;

/// <summary>IN lists that stay parameterised on every backend.</summary>
internal static class SqlInList
{
    /// <summary>":prefix0, :prefix1, ..." with the values added to <paramref name="parameters"/>.</summary>
    public static string Markers(string prefix, IReadOnlyList<string> values, Dictionary<string, object?> parameters)
    {
        var markers = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters[name] = values[i];
            markers.Add(":" + name);
        }

        return string.Join(", ", markers);
    }
}
