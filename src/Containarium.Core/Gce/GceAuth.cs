using System;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;

namespace Containarium.Core.Gce
{
    /// <summary>Supplies the bearer token for each Compute request. Implementations never reveal the token in ToString.</summary>
    public interface IGceAccessTokenSource
    {
        /// <summary>Short description for messages ("service account x@y", "fixed token"); never the token.</summary>
        string Description { get; }

        Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
    }

    /// <summary>Credentials for Compute Engine through Google.Apis.Auth, or a fixed token for emulators.</summary>
    public static class GceAuth
    {
        public const string ComputeScope = "https://www.googleapis.com/auth/compute";

        /// <summary>Environment variable holding a fixed bearer token (test seam for emulators).</summary>
        public const string AccessTokenVariable = "CONTAINARIUM_GCE_ACCESS_TOKEN";

        /// <summary>A fixed bearer token (emulators; tokens from `gcloud auth print-access-token`).</summary>
        public static IGceAccessTokenSource FixedToken(string token) => new FixedTokenSource(token);

        /// <summary>Application default credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's user credentials, then the metadata server.</summary>
        public static IGceAccessTokenSource ApplicationDefault() =>
            new CredentialTokenSource("application default credentials",
                async ct => await GoogleCredential.GetApplicationDefaultAsync(ct).ConfigureAwait(false));

        /// <summary>A service-account JSON key file, loaded through <see cref="CredentialFactory"/> (its token_uri is honoured).</summary>
        public static IGceAccessTokenSource ServiceAccountFile(string path)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A service-account key file path is required.", nameof(path));
            return new CredentialTokenSource("service account key file " + path, async ct =>
            {
                var sa = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, ct).ConfigureAwait(false);
                return sa.ToGoogleCredential();
            });
        }

        /// <summary>
        /// The GCE metadata server (the VM's service account). <paramref name="tokenUrl"/> overrides the token URL;
        /// otherwise Google.Apis.Auth uses 169.254.169.254 or the host in GCE_METADATA_HOST.
        /// </summary>
        public static IGceAccessTokenSource MetadataServer(string? tokenUrl = null) =>
            new CredentialTokenSource("metadata server", ct =>
            {
                var init = tokenUrl == null ? new ComputeCredential.Initializer() : new ComputeCredential.Initializer(tokenUrl);
                return Task.FromResult(new ComputeCredential(init).ToGoogleCredential());
            });

        /// <summary>
        /// What the module uses by default: <c>$env:CONTAINARIUM_GCE_ACCESS_TOKEN</c> when set, else the given key file,
        /// else application default credentials.
        /// </summary>
        public static IGceAccessTokenSource FromEnvironment(string? serviceAccountFile = null)
        {
            var fixedToken = Environment.GetEnvironmentVariable(AccessTokenVariable);
            if (!string.IsNullOrEmpty(fixedToken)) return FixedToken(fixedToken!);
            return string.IsNullOrEmpty(serviceAccountFile) ? ApplicationDefault() : ServiceAccountFile(serviceAccountFile!);
        }

        private sealed class FixedTokenSource : IGceAccessTokenSource
        {
            private readonly string _token;

            public FixedTokenSource(string token)
            {
                if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The access token is empty.", nameof(token));
                _token = token.Trim();
            }

            public string Description => "fixed access token";
            public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_token);
            public override string ToString() => Description;
        }

        private sealed class CredentialTokenSource : IGceAccessTokenSource
        {
            private readonly Func<CancellationToken, Task<GoogleCredential>> _load;
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private ITokenAccess? _access;

            public CredentialTokenSource(string description, Func<CancellationToken, Task<GoogleCredential>> load)
            {
                Description = description;
                _load = load;
            }

            public string Description { get; }

            public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
            {
                var access = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // The credential caches the token and refreshes it before it expires.
                    return await access.GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    throw new GceException(GceErrorReason.CredentialsFailed,
                        $"Could not get an access token from the {Description}: {GceRedaction.Clean(e.Message)}", inner: null);
                }
            }

            private async Task<ITokenAccess> GetCredentialAsync(CancellationToken ct)
            {
                if (_access != null) return _access;
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    if (_access != null) return _access;
                    GoogleCredential cred;
                    try
                    {
                        cred = await _load(ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception e)
                    {
                        throw new GceException(GceErrorReason.CredentialsFailed,
                            $"Could not load the {Description}: {GceRedaction.Clean(e.Message)}");
                    }
                    if (cred.IsCreateScopedRequired) cred = cred.CreateScoped(ComputeScope);
                    _access = cred;
                    return cred;
                }
                finally
                {
                    _gate.Release();
                }
            }

            public override string ToString() => Description;
        }
    }
}
