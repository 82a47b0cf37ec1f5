using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// Where the data-protection key ring (which encrypts provider account secrets) is kept, and how it is protected at
/// rest. Windows: each key is encrypted with DPAPI for the current user. Linux and macOS have no such per-user store
/// a headless service can use (a certificate or a key-encrypting key would have to lie in the same directory, readable
/// by the same user), so there the protection is the file system's: the directory is 0700 and every key file 0600,
/// including keys written before this rule.
/// </summary>
public static class PrivateKeyRing
{
    public static IDataProtectionBuilder PersistKeysPrivately(this IDataProtectionBuilder builder, CodewalkersHome home)
    {
        PrivateFiles.EnsurePrivateDirectory(home.KeysDirectory);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new PrivateFileXmlRepository(
                    new DirectoryInfo(home.KeysDirectory), provider.GetRequiredService<ILoggerFactory>())));
        if (OperatingSystem.IsWindows()) builder.ProtectKeysWithDpapi();
        return builder;
    }

    /// <summary>
    /// The file system repository, with every key file it writes made 0600 (it writes with the process umask).
    /// </summary>
    private sealed class PrivateFileXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : IXmlRepository
    {
        private readonly FileSystemXmlRepository _files = new(directory, loggers);

        public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            _files.StoreElement(element, friendlyName);
            foreach (var file in directory.EnumerateFiles("*.xml")) PrivateFiles.Tighten(file.FullName);
        }
    }
}
