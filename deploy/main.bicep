// The neighbourhood policing back end on Azure: a Flex Consumption Function App (Python 3.11)
// in a virtual network, PostgreSQL flexible server behind a private endpoint with PgBouncer and
// 35 days of point-in-time restore, Key Vault (RBAC) for every secret, Application Insights,
// and the managed identity's role assignments. No secret is written in this file: the database
// administrator password is a secure parameter; the Graph client secret and the notification
// client state are put into the vault by the operator (README, "Deploying to Azure").

targetScope = 'resourceGroup'

@description('Short lower-case name the resources are named after, such as npt-nsp.')
@minLength(3)
@maxLength(12)
param prefix string

@description('Azure region; Flex Consumption must be offered there (UK South is).')
param location string = resourceGroup().location

@description('The Entra tenant users sign in from.')
param tenantId string = subscription().tenantId

@description('Client id of the API app registration: the token audience and the Graph client.')
param apiClientId string

@description('The SharePoint site holding the lists: host,site-collection-id,web-id.')
param siteId string

@description('Graph drive id of the document library for exports; empty for the site default.')
param exportDriveId string = ''

@description('Folder in that library that workbooks and Power BI extracts go to.')
param exportFolder string = 'NPT exports'

@description('The SharePoint site time zone, in which date-only columns hold midnight.')
param siteTimeZone string = 'Europe/London'

@description('Where rostered duties come from: imported (npt duties import) or shifts.')
@allowed(['imported', 'shifts'])
param dutiesSource string = 'imported'

@description('With shifts: our team ids mapped to Teams team ids, team-01-01=<guid>,...')
param shiftsTeams string = ''

@description('Comma-separated email domains quick email may send to.')
param mailDomains string

@description('The mailbox the weekly workbook emails come from (Mail.Send application permission, confined to it); empty: workbooks are saved but not emailed.')
param mailSender string = ''

@description('Comma-separated browser origins allowed to call the API; usually none.')
param corsOrigins string = ''

@description('The external tools GET /api/links lists, as JSON (README, NPT_LINKS).')
param links string = ''

@description('Subscribe to Graph change notifications at this app\'s /api/lists/notifications.')
param enableNotifications bool = true

@allowed(['DEBUG', 'INFO', 'WARNING', 'ERROR'])
param logLevel string = 'INFO'

@description('Database connections per instance; PgBouncer pools them on the server.')
@minValue(1)
@maxValue(20)
param dbPoolSize int = 5

@description('Always-ready instances for the HTTP functions: 1 avoids cold starts, 0 costs least.')
@allowed([0, 1])
param alwaysReadyHttp int = 1

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Concurrent HTTP requests one instance takes before the platform scales out.')
@minValue(1)
@maxValue(100)
param httpPerInstanceConcurrency int = 8

@description('PostgreSQL server name; set it to a restored server\'s name after a restore.')
param postgresServerName string = '${toLower(prefix)}-pg-${take(uniqueString(resourceGroup().id), 6)}'

param postgresAdminLogin string = 'nptadmin'

@description('Password of the PostgreSQL administrator, which owns the schema and runs npt migrate.')
@secure()
@minLength(16)
param postgresAdminPassword string

@description('General Purpose or Memory Optimized: built-in PgBouncer is not offered on Burstable.')
param postgresSkuName string = 'Standard_D2ds_v5'

@allowed(['GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'GeneralPurpose'

param postgresVersion string = '16'

param postgresStorageGB int = 64

@allowed(['Disabled', 'SameZone', 'ZoneRedundant'])
param postgresHighAvailability string = 'Disabled'

@description('Keep backups in the paired region too; can be chosen only when the server is made.')
param geoRedundantBackup bool = true

@description('Address space of the virtual network (a /24): functions get the first /25.')
param vnetAddressPrefix string = '10.40.0.0/24'

@description('Object id of the pipeline\'s service principal: may read the migration secret.')
param pipelinePrincipalId string = ''

@description('Object id of the operator (or their group) who puts secrets into the vault.')
param operatorPrincipalId string = ''

@allowed(['User', 'Group'])
param operatorPrincipalType string = 'User'

var base = toLower(prefix)
var suffix = uniqueString(resourceGroup().id)
var storageName = take('${replace(base, '-', '')}${suffix}', 24)
var vaultName = take('${base}-kv-${suffix}', 24)
var appName = '${base}-func-${take(suffix, 6)}'
var packageContainer = 'app-package'
var databaseName = 'npt'

// Azure accepts only TLS. With PGSSLROOTCERT naming a CA bundle that exists (see
// platformSettings), libpq also verifies the server's certificate chain.
var postgresTls = 'sslmode=require'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// -- monitoring ------------------------------------------------------------------------------

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${base}-log'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${base}-appi'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

// -- network ---------------------------------------------------------------------------------

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${base}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [vnetAddressPrefix] }
    subnets: [
      {
        name: 'functions'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 25, 0)
          delegations: [
            { name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 27, 4)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

// -- storage for the host and the deployment package (managed identity only) ------------------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource appPackage 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: packageContainer
  properties: { publicAccess: 'None' }
}

// -- PostgreSQL --------------------------------------------------------------------------------

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: { name: postgresSkuName, tier: postgresSkuTier }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: { activeDirectoryAuth: 'Disabled', passwordAuth: 'Enabled' }
    storage: { storageSizeGB: postgresStorageGB, autoGrow: 'Enabled' }
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: { mode: postgresHighAvailability }
    // Public access with no firewall rule admits nobody: the app comes in through the private
    // endpoint, and the deploy pipeline opens a rule for its own address while it migrates.
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Built-in PgBouncer on port 6432, transaction pooling (its default). The server takes one
// change at a time, hence the dependency on the database.
resource pgbouncer 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'pgbouncer.enabled'
  properties: { value: 'true', source: 'user-override' }
  dependsOn: [database]
}

resource postgresZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.postgres.database.azure.com'
  location: 'global'
}

resource postgresZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: postgresZone
  name: '${base}-vnet'
  location: 'global'
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}

resource postgresEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: '${postgresServerName}-endpoint'
  location: location
  properties: {
    subnet: { id: vnet.properties.subnets[1].id }
    privateLinkServiceConnections: [
      {
        name: 'postgres'
        properties: { privateLinkServiceId: postgres.id, groupIds: ['postgresqlServer'] }
      }
    ]
  }
  dependsOn: [pgbouncer]
}

resource postgresEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: postgresEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      { name: 'postgres', properties: { privateDnsZoneId: postgresZone.id } }
    ]
  }
}

// -- Key Vault ---------------------------------------------------------------------------------

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Used only by `npt migrate` in the pipeline: the administrator, straight to PostgreSQL on
// 5432, because the migration holds a session-level advisory lock that PgBouncer's transaction
// pooling would not keep. The app's own URL (npt-database-url, role npt_app, port 6432) is
// written by deploy/database-login.sh.
resource migrationUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'npt-migration-database-url'
  properties: {
    contentType: 'SQLAlchemy URL'
    value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?${postgresTls}'
  }
}

// -- Function App --------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${base}-plan'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: vnet.properties.subnets[0].id
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyHttp > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttp }] : []
        triggers: { http: { perInstanceConcurrency: httpPerInstanceConcurrency } }
      }
      runtime: { name: 'python', version: '3.11' }
    }
  }
  dependsOn: [appPackage]
}

// Deployments sign in with Entra ID; no publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

// -- role assignments ----------------------------------------------------------------------------

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, app.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource pipelineSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(pipelinePrincipalId)) {
  name: guid(vault.id, pipelinePrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: pipelinePrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

// -- app settings ----------------------------------------------------------------------------------

var secretUri = '${vault.properties.vaultUri}secrets'
var notificationUrl = 'https://${app.properties.defaultHostName}/api/lists/notifications'

// The host reaches its storage and Application Insights with the managed identity; libpq checks
// PostgreSQL's certificate against the host's CA bundle (and only encrypts if it has none).
var platformSettings = {
  AzureWebJobsStorage__accountName: storage.name
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  PGSSLROOTCERT: '/etc/ssl/certs/ca-certificates.crt'
}

// Every NPT_* setting the service reads in production (README, "Settings"); secrets are Key
// Vault references resolved by the app's system-assigned identity.
var nptSettings = {
  NPT_MODE: 'microsoft365'
  NPT_DATA_DIR: '/tmp/npt'
  NPT_DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${secretUri}/npt-database-url/)'
  NPT_DB_POOL_SIZE: string(dbPoolSize)
  NPT_TENANT_ID: tenantId
  NPT_AUTHORITY_HOST: environment().authentication.loginEndpoint
  NPT_API_AUDIENCE: 'api://${apiClientId},${apiClientId}'
  NPT_GRAPH_CLIENT_ID: apiClientId
  NPT_GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${secretUri}/npt-graph-client-secret/)'
  NPT_SITE_ID: siteId
  NPT_SITE_TIME_ZONE: siteTimeZone
  NPT_EXPORT_DRIVE_ID: exportDriveId
  NPT_EXPORT_FOLDER: exportFolder
  NPT_DUTIES_SOURCE: dutiesSource
  NPT_SHIFTS_TEAMS: shiftsTeams
  NPT_MAIL_DOMAINS: mailDomains
  NPT_MAIL_SENDER: mailSender
  NPT_CORS_ORIGINS: corsOrigins
  NPT_LINKS: links
  NPT_LOG_LEVEL: logLevel
  NPT_NOTIFICATION_URL: enableNotifications ? notificationUrl : ''
  NPT_NOTIFICATION_CLIENT_STATE: enableNotifications ? '@Microsoft.KeyVault(SecretUri=${secretUri}/npt-notification-client-state/)' : ''
}

// All app settings live here, applied once the identity may read the vault, so the references
// resolve at the first start (Flex Consumption takes no FUNCTIONS_WORKER_RUNTIME or
// WEBSITE_RUN_FROM_PACKAGE: the runtime and package are in functionAppConfig).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(platformSettings, nptSettings)
  dependsOn: [appStorage, appSecrets, appTelemetry]
}

output functionAppName string = app.name
output functionAppHostName string = app.properties.defaultHostName
output keyVaultName string = vault.name
output postgresServerName string = postgres.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output notificationUrl string = enableNotifications ? notificationUrl : ''
