#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The same behaviour the xunit suite proves (ConnectVectorClusterTests), for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
    $script:node = Start-LocalNode -User elastic -Password 'right-password'
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'Connect-VectorCluster' {
    Context 'against a local node with basic auth' {
        It 'connects with the right password and becomes the session default' {
            $cred = [pscredential]::new('elastic', (ConvertTo-SecureString 'right-password' -AsPlainText -Force))
            $c = Connect-VectorCluster -Uri $script:node.Uri -Credential $cred
            $c.ClusterName | Should -Be 'vectorreindex-local'
            $c.Version | Should -BeExactly $script:node.Version
            $c.Version | Should -Not -BeNullOrEmpty
            (Get-VectorCluster) | Should -Be $c
        }

        It 'fails with AuthenticationFailed on a wrong password, without showing it' {
            $cred = [pscredential]::new('elastic', (ConvertTo-SecureString 'Wr0ng-Pa55' -AsPlainText -Force))
            $err = { Connect-VectorCluster -Uri $script:node.Uri -Credential $cred -ErrorAction Stop } |
                Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'AuthenticationFailed,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand'
            $err.Exception.Message | Should -Not -Match 'Wr0ng-Pa55'
        }
    }

    Context 'against an address where nothing listens' {
        It 'fails with ClusterUnreachable naming the URI' {
            $err = { Connect-VectorCluster -Uri 'http://127.0.0.1:1/' -MaxRetries 0 -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'ClusterUnreachable,VectorReindex.PowerShell.Commands.ConnectVectorClusterCommand'
            $err.Exception.Message | Should -Match '127\.0\.0\.1:1'
        }
    }
}
