#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors the xunit suite (tests/VectorReindex.PowerShell.Tests/ConnectVectorClusterTests.cs) for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode
    Connect-VectorCluster -Uri $script:node.Uri | Out-Null
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Get-VectorCluster and Disconnect-VectorCluster' {
    It 'returns the default connection until disconnected' {
        (Get-VectorCluster).ClusterName | Should -Be 'vectorreindex-local'
        Disconnect-VectorCluster
        Get-VectorCluster | Should -BeNullOrEmpty
        Connect-VectorCluster -Uri $script:node.Uri | Out-Null
    }

    It 'disconnects the connection it is piped, after which a cluster-bound cmdlet throws NotConnected' {
        Connect-VectorCluster -Uri $script:node.Uri | Disconnect-VectorCluster
        Get-VectorCluster | Should -BeNullOrEmpty
        $err = { Get-VectorMigration -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'NotConnected,VectorReindex.PowerShell.Commands.GetVectorMigrationCommand'
        Connect-VectorCluster -Uri $script:node.Uri | Out-Null
    }
}
