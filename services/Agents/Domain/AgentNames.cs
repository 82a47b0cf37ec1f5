using System.Security.Cryptography;

namespace Codewalkers.Agents.Domain;

/// <summary>Human-readable adjective-animal aliases; the caller retries on a clash (names are unique).</summary>
public static class AgentNames
{
    private static readonly string[] Adjectives =
    [
        "brave", "calm", "clever", "cosmic", "curious", "daring", "eager", "fancy", "gentle", "happy", "jolly", "keen",
        "lively", "lucky", "mellow", "nimble", "noble", "plucky", "proud", "quick", "quiet", "rapid", "shiny", "silent",
        "sleepy", "snappy", "steady", "sunny", "swift", "tidy", "vivid", "witty", "zesty", "bold", "bright", "crisp",
    ];

    private static readonly string[] Animals =
    [
        "badger", "beaver", "bison", "cheetah", "condor", "coyote", "dolphin", "eagle", "falcon", "ferret", "gecko",
        "heron", "ibex", "jaguar", "koala", "lemur", "lynx", "marmot", "moose", "narwhal", "ocelot", "otter", "owl",
        "panda", "pelican", "puffin", "quokka", "raven", "seal", "sloth", "tapir", "tiger", "walrus", "wombat", "yak",
        "zebra",
    ];

    public static string Next(int attempt = 0)
    {
        var adjective = Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)];
        var name = $"{adjective}-{Animals[RandomNumberGenerator.GetInt32(Animals.Length)]}";
        // After a few clashes the space is crowded: add a number so a name is always found.
        return attempt < 5 ? name : $"{name}-{RandomNumberGenerator.GetInt32(10, 10_000)}";
    }
}
