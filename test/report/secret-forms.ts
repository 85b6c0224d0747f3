/**
 * The one list of secret forms that both maskers must remove: the analyzer's (src/report/redact.ts)
 * and collect.sh's redaction (its AWK_FILTER). Each form is a line as real OpenStack services,
 * configs and tools write it; `secrets` are the parts that must not survive. docs/security.md points
 * here. secret-forms.test.ts runs every form through both.
 */
export interface SecretForm {
  id: string;
  /** one or more lines (a multi-line form is one text) */
  text: string;
  secrets: string[];
  /** text that must survive (masking must not swallow the context) */
  keep?: string[];
}

const TS = '2026-11-20 10:02:41.100 4182';
const PEM_BODY = ['MIIEowIBAAKCAQEAq7Bd0c9cQ1Ylk3ZpVt1x', 'Qm5Yx8eW0Jv2rT6hLwPz4sKf7gN3aDu9y', 'bE1cH5iR0oXt8mVjS2nZ6qWk4uA9fG3e'];

export const SECRET_FORMS: SecretForm[] = [
  // oslo.config option dumps (log_opt_values at DEBUG) and ini files
  { id: 'oslo-dump-password', text: `${TS} DEBUG oslo_service.backend.eventlet.service [-] placement.password = Pl4cementPw log_opt_values`, secrets: ['Pl4cementPw'], keep: ['placement.password'] },
  { id: 'ini-suffix-password', text: 'admin_password = AdminPw_42', secrets: ['AdminPw_42'] },
  { id: 'ini-suffix-secret', text: 'metadata_proxy_shared_secret = MdProxyS3cret', secrets: ['MdProxyS3cret'] },
  { id: 'ini-suffix-key', text: 'aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', secrets: ['wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY'] },
  { id: 'oslo-dump-secret-dotted', text: `${TS} DEBUG oslo_service.service [-] neutron.metadata_proxy_shared_secret = Sh4redMeta log_opt_values`, secrets: ['Sh4redMeta'] },
  // transport_url: several hosts, odd characters in passwords
  { id: 'transport-url-multi', text: 'transport_url = rabbit://openstack:R4bbit@pw@10.0.0.5:5672,openstack:Sec0nd#pw@10.0.0.6:5672/', secrets: ['R4bbit', 'Sec0nd#pw'], keep: ['10.0.0.6:5672'] },
  { id: 'transport-url-colon', text: `${TS} DEBUG oslo_service.service [-] transport_url = rabbit://nova:pa:ss/wd@rmq-1:5672// log_opt_values`, secrets: ['pa:ss/wd'], keep: ['rmq-1:5672'] },
  // database URLs
  { id: 'database-url', text: 'connection = mysql+pymysql://nova:DbS3cret!@db.example:3306/nova?charset=utf8', secrets: ['DbS3cret!'], keep: ['db.example:3306/nova'] },
  { id: 'postgres-url', text: 'sql_connection=postgresql://cinder:Pg%40pass@10.1.1.1/cinder', secrets: ['Pg%40pass'] },
  // Keystone tokens in headers and JSON bodies
  { id: 'auth-token-header', text: `${TS} DEBUG keystoneauth.session [-] REQ: curl -g -i -X GET http://nova:8774/v2.1 -H "X-Auth-Token: 4f0c9b1e2d3a4c5b6a7988776655443322110fedc"`, secrets: ['4f0c9b1e2d3a4c5b6a7988776655443322110fedc'] },
  { id: 'subject-token-dict', text: "RESP: [201] {'X-Subject-Token': 'gAAAAABnQ1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6'}", secrets: ['gAAAAABnQ1b2c3d4e5f6'] },
  { id: 'token-json-body', text: '{"auth": {"identity": {"methods": ["token"], "token": {"id": "gAAAAABnZ9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4j3i2h1g0f9e8"}}}}', secrets: ['gAAAAABnZ9y8x7w6v5u4'] },
  { id: 'password-json-body', text: '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"id": "default"}, "password": "KsAdm1nPw"}}}}}', secrets: ['KsAdm1nPw'], keep: ['"name": "admin"'] },
  { id: 'fernet-cut', text: 'token was gAAAAABnABCDEFGHIJKLMNOPQRSTUV', secrets: ['ABCDEFGHIJKLMNOPQRSTUV'] },
  { id: 'bearer', text: 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlX3BhcnQ', secrets: ['eyJzdWIiOiJhZG1pbiJ9', 'c2lnbmF0dXJlX3BhcnQ'] },
  // adminPass of a server create/rebuild response
  { id: 'admin-pass', text: '{"server": {"id": "0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60", "adminPass": "Xq7pLm2Vn9Ks"}}', secrets: ['Xq7pLm2Vn9Ks'] },
  // Ceph keys (keyrings, libvirt secret values, command lines)
  { id: 'ceph-keyring', text: '[client.cinder]\n\tkey = AQBvWk1lAAAAABAAm5X0qz3c8dWd9Qx1Yy2Zz3==\n\tcaps mon = "profile rbd"', secrets: ['AQBvWk1lAAAAABAAm5X0qz3c8dWd9Qx1Yy2Zz3=='], keep: ['caps mon'] },
  { id: 'libvirt-secret-value', text: 'AQCt3lZlBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp==', secrets: ['AQCt3lZlBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp=='] },
  { id: 'virsh-secret-set', text: 'virsh secret-set-value --secret 457eb676-33da-42ec-9a8c-9293d545c337 --base64 AQDd1ZxlQrStUvWxYzAbCdEfGhIjKlMnOpQrSt==', secrets: ['AQDd1ZxlQrStUvWxYzAbCdEfGhIjKlMnOpQrSt=='] },
  { id: 'chap-password-repr', text: "connection_info: {'driver_volume_type': 'iscsi', 'data': {'auth_method': 'CHAP', 'auth_username': 'u1', 'auth_password': 'Ch4pSecret', 'target_portal': '10.0.0.9:3260'}}", secrets: ['Ch4pSecret'], keep: ['10.0.0.9:3260'] },
  // cloud access keys
  { id: 'aws-access-key-id', text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', secrets: ['AKIAIOSFODNN7EXAMPLE'] },
  { id: 'ec2-credentials-table', text: '| access     | 8d5b7e4c2a1f4e3d9c6b5a4f3e2d1c0b |\n| secret     | 0f1e2d3c4b5a69788796a5b4c3d2e1f0 |', secrets: ['0f1e2d3c4b5a69788796a5b4c3d2e1f0'] },
  // PEM blocks: whole, and logged one line per record
  { id: 'pem-block', text: `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----\nafter the key`, secrets: PEM_BODY, keep: ['after the key'] },
  {
    id: 'pem-per-record',
    text: [`${TS} DEBUG x [-] -----BEGIN PRIVATE KEY-----`, ...PEM_BODY.map((l) => `${TS} DEBUG x [-] ${l}`), `${TS} DEBUG x [-] -----END PRIVATE KEY-----`, `${TS} ERROR x [-] the error after`].join('\n'),
    secrets: PEM_BODY,
    keep: ['the error after'],
  },
  { id: 'pem-escaped-newlines', text: `"private_key": "-----BEGIN EC PRIVATE KEY-----\\n${PEM_BODY.join('\\n')}\\n-----END EC PRIVATE KEY-----\\n", "name": "k1"`, secrets: PEM_BODY, keep: ['"name": "k1"'] },
  // passwords on command lines
  { id: 'cli-os-password', text: 'openstack --os-password Cl1Secret server list', secrets: ['Cl1Secret'], keep: ['server list'] },
  { id: 'cli-password-equals', text: 'nova-manage --db-password=Mng0Pw db sync', secrets: ['Mng0Pw'] },
  { id: 'sshpass', text: 'sshpass -p S5hPassw0rd ssh root@cmp-02', secrets: ['S5hPassw0rd'], keep: ['root@cmp-02'] },
  { id: 'mysql-p', text: 'mysql -u root -pMyR00tPw -h db nova', secrets: ['MyR00tPw'] },
  { id: 'env-os-password', text: 'export OS_PASSWORD=Sup3rSecret!', secrets: ['Sup3rSecret!'] },
];

/** Lines that look a bit like secrets but are not: masking them would lose evidence. */
export const NOT_SECRETS: string[] = [
  `${TS} ERROR nova.virt.libvirt.driver [None req-3b77c1d2-5e6f-4a7b-8c9d-0e1f2a3b4c5d u p - - default default] [instance: 0b8e6f52-3a71-4c3e-9d2a-7c1e5f4b9a60] Live Migration failure: unable to connect to server at 'cmp-02:16514': Connection refused`,
  'qemu+tls://cmp-02/system',
  `${TS} WARNING nova.compute.manager [-] The key pair was not found; -----BEGIN PRIVATE KEY----- markers are checked by the loader`,
  'sha256 3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed',
];
