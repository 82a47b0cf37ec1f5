namespace Codewalkers.Benchmarks;

/// <summary>
/// The fake agent of the live-latency run: bursts of lines stamped with the time they are written, then the done
/// signal. Perl, because one light process per agent must not starve the machine it measures.
/// </summary>
internal static class Emitter
{
    private const string PrintLine =
        """printf "{\"type\":\"assistant\",\"ts\":%d,\"seq\":%d,\"message\":{\"content\":[{\"type\":\"text\","""
        + """\"text\":\"lorem ipsum dolor sit amet %d\"}]}}\n", $ts, $b * $per + $i, $i;""";

    private const string DoneSignal = """'{"status":"done","result":{"message":"bench"}}'""";

    public const string Perl = $$"""
        use strict; use IO::Handle; use Time::HiRes qw(time sleep);
        my ($bursts, $per, $pause, $delay) = @ARGV;
        sleep($delay);
        for my $b (0 .. $bursts - 1) {
          my $ts = int(time() * 1000);
          for my $i (0 .. $per - 1) {
            {{PrintLine}}
          }
          STDOUT->flush();
          sleep($pause);
        }
        mkdir ".cw"; mkdir ".cw/output";
        open(my $f, '>', '.cw/output/signal.json') or die; print $f {{DoneSignal}}; close $f;
        """;
}
