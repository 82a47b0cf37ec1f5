using Codewalkers.ServiceDefaults;
using Codewalkers.Agents.Supervision;

namespace Codewalkers.Agents.Tests.Supervision;

public sealed class CapacityProbeTests
{
    // As the kernel writes them (trimmed): values in kB, aligned with spaces.
    private const string MemInfo = """
        MemTotal:       24683748 kB
        MemFree:        20093512 kB
        MemAvailable:     319488 kB
        Buffers:          301604 kB
        Cached:          2856232 kB
        SwapCached:            0 kB
        HugePages_Total:       0
        """;

    [Fact]
    public void Memory_is_read_as_total_and_available_kilobytes_from_meminfo()
    {
        Assert.Equal((24683748L, 319488L), CapacityProbe.ParseMemInfo(MemInfo));
    }

    [Fact]
    public void A_meminfo_without_MemAvailable_is_refused_rather_than_read_as_no_memory()
    {
        var error = Assert.Throws<FormatException>(() => CapacityProbe.ParseMemInfo("MemTotal: 1024 kB\nMemFree: 512 kB"));
        Assert.Contains("MemAvailable", error.Message);
    }

    [Fact]
    public void The_load_is_the_first_field_of_loadavg()
    {
        Assert.Equal(4.52, CapacityProbe.ParseLoadAverage("4.52 3.52 4.50 12/203 2848\n"));
    }

    [Fact]
    public void The_real_machine_is_measured_from_proc_and_the_workspace_filesystem()
    {
        var home = Directory.CreateTempSubdirectory("cw-probe-").FullName;
        try
        {
            // The workspace does not exist yet on a fresh home: its parent's filesystem counts.
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["CW_HOME"] = home }).Build();
            var measured = new CapacityProbe(CodewalkersHome.From(configuration).WorkspaceDirectory).Measure();
            var (totalKb, _) = CapacityProbe.ParseMemInfo(File.ReadAllText("/proc/meminfo"));
            Assert.Equal(totalKb / 1024, measured.TotalMemoryMb);
            Assert.InRange(measured.FreeMemoryMb, 1, measured.TotalMemoryMb);
            Assert.Equal(Environment.ProcessorCount, measured.Cores);
            Assert.True(measured.LoadAverage >= 0);
            Assert.Equal(new DriveInfo(home).AvailableFreeSpace / (1024 * 1024), measured.FreeDiskMb, tolerance: 64);
        }
        finally { Directory.Delete(home, recursive: true); }
    }
}
