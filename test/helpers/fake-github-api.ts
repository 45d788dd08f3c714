// Test-only loopback fake of the GitHub REST API: the endpoints the action calls, answered with bodies
// typed against GitHub's own OpenAPI description (@octokit/openapi-types), so a field that GitHub does
// not send, or sends with another shape, fails type-checking here instead of passing silently in tests.
//
//   GET    /repos/{o}/{r}                                        repos.get
//   GET    /repos/{o}/{r}/actions/workflows/{id|file}/runs       actions.listWorkflowRuns  (branch, status, event,
//                                                                head_sha, per_page, page; newest first)
//   GET    /repos/{o}/{r}/actions/runs/{run_id}                  actions.getWorkflowRun
//   GET    /repos/{o}/{r}/actions/runs/{run_id}/artifacts        actions.listWorkflowRunArtifacts (name, per_page, page)
//   GET    /repos/{o}/{r}/actions/artifacts/{id}                 actions.getArtifact
//   GET    /repos/{o}/{r}/actions/artifacts/{id}/zip             actions.downloadArtifact: 302 to a signed blob URL,
//                                                                410 "Artifact has expired" once expired
//   GET    /_blob/{sig}/{artifact}.zip                           the "blob storage" the 302 points to (no auth, signed)
//
// pointActionsClientsAtFakes(): one front-door address for @actions/artifact, whose base URL is fixed per process.
//   GET    /repos/{o}/{r}/issues/{n}/comments                    issues.listComments (per_page, page, since; Link header)
//   POST   /repos/{o}/{r}/issues/{n}/comments                    issues.createComment   → 201
//   GET    /repos/{o}/{r}/issues/comments/{id}                   issues.getComment
//   PATCH  /repos/{o}/{r}/issues/comments/{id}                   issues.updateComment
//   DELETE /repos/{o}/{r}/issues/comments/{id}                   issues.deleteComment   → 204
//
// Wire facts kept as GitHub has them: errors are JSON `{message, documentation_url, status}`; missing or
// wrong credentials → 401 "Bad credentials"; an unknown repo, workflow, run, artifact or comment → 404
// "Not Found"; lists carry a `Link` header when there are more pages (octokit's paginate follows it);
// JSON responses are `application/json; charset=utf-8`; the blob answers `application/zip` with a
// Content-Disposition file name, like Azure does for artifact downloads. Every API request needs
// `Authorization: token X` or `Bearer X` (X = the fake's token); blob requests need only the signature.

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateRawSync } from 'node:zlib';

import type { components, operations } from '@octokit/openapi-types';

// ---------------------------------------------------------------------------------------------------
// GitHub's shapes

type Schemas = components['schemas'];
export type WorkflowRun = Schemas['workflow-run'];
export type Artifact = Schemas['artifact'];
export type IssueComment = Schemas['issue-comment'];
export type SimpleUser = Schemas['simple-user'];
type MinimalRepository = Schemas['minimal-repository'];
/** The part of GET /repos/{o}/{r} the fake answers: the fields every repository has. */
export type Repository = Pick<
  Schemas['full-repository'],
  | 'id'
  | 'node_id'
  | 'name'
  | 'full_name'
  | 'owner'
  | 'private'
  | 'html_url'
  | 'description'
  | 'fork'
  | 'url'
  | 'default_branch'
  | 'visibility'
  | 'archived'
  | 'disabled'
  | 'created_at'
  | 'updated_at'
  | 'pushed_at'
>;
type Json<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer T } }>
  ? T
  : never;
type WorkflowRunsPage = Json<'actions/list-workflow-runs'>;
type ArtifactsPage = Json<'actions/list-workflow-run-artifacts'>;

// ---------------------------------------------------------------------------------------------------
// Public API

export type GitHubRoute =
  | 'repos.get'
  | 'actions.listWorkflowRuns'
  | 'actions.getWorkflowRun'
  | 'actions.listWorkflowRunArtifacts'
  | 'actions.getArtifact'
  | 'actions.downloadArtifact'
  | 'blob'
  | 'issues.listComments'
  | 'issues.createComment'
  | 'issues.getComment'
  | 'issues.updateComment'
  | 'issues.deleteComment';

export interface ArtifactSpec {
  name: string;
  /** Zip entry path → content. Paths as the action uploads them: relative to the dbt project dir. */
  files: Record<string, Buffer | string>;
  /** Already expired (listed with expired: true, download answers 410). */
  expired?: boolean;
  /** Compress entries with deflate (default) or store them. */
  method?: 'deflate' | 'store';
  /** Serve these bytes instead of the zip of `files` (e.g. a zip whose directory lies). */
  zip?: Buffer;
  /** The size_in_bytes the listing reports (default: the zip's real size). */
  listedSize?: number;
}

export interface RunSpec {
  /** Workflow file name in .github/workflows, e.g. 'dbt-prod.yml'. */
  workflow: string;
  branch: string;
  /** null for a run that has not completed (status then defaults to 'in_progress'). */
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | 'neutral' | 'stale' | null;
  headSha: string;
  /** Default 'completed' when conclusion is set, else 'in_progress'. */
  status?: 'completed' | 'in_progress' | 'queued' | 'requested' | 'waiting' | 'pending';
  /** Default 'push'. */
  event?: string;
  /** The head repository 'owner/name' when it is a fork (pull_request from a fork); default this repository. */
  headRepository?: string;
  artifacts?: ArtifactSpec[];
  /** Default: the fake's clock, one minute after the previous run. */
  createdAt?: Date;
}

export interface AddedRun {
  id: number;
  runNumber: number;
  htmlUrl: string;
  artifacts: { id: number; name: string; sizeInBytes: number }[];
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  route: GitHubRoute | 'unknown';
  /** Status sent; 0 when the connection was dropped. */
  status: number;
  /** Scheme of the Authorization header ('none' when absent). The credential itself is never kept. */
  auth: 'token' | 'bearer' | 'basic' | 'other' | 'none';
}

export interface FailOptions {
  /** Apply to the next n matching requests only (default: until clearFailures()). */
  times?: number;
}

export interface FakeGitHubApi {
  /** Base URL without a trailing slash: octokit's `baseUrl`, GITHUB_API_URL. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  /** The credential the fake accepts. */
  readonly token: string;
  /** Every request received, in arrival order. */
  readonly requests: RequestLogEntry[];
  requestsTo(route: GitHubRoute): RequestLogEntry[];
  addRun(spec: RunSpec): AddedRun;
  /** Marks an artifact expired (it stays listed; downloads answer 410). */
  expireArtifact(artifactId: number): void;
  setDefaultBranch(branch: string): void;
  /**
   * Make a route answer with `status` and a GitHub error body (`message` defaults to GitHub's usual text for
   * the status, e.g. 403 "Resource not accessible by integration"), or drop the connection ('drop').
   */
  fail(route: GitHubRoute, status: number | 'drop', message?: string, options?: FailOptions): void;
  /** Delay every answer on a route by `ms` (0 to stop); cleared by clearFailures() too. */
  slow(route: GitHubRoute, ms: number): void;
  clearFailures(): void;
  /** Comments on an issue or pull request, oldest first, as the API returns them. */
  comments(issueNumber: number): IssueComment[];
  /** Seed a comment written by someone else (default user: a human 'octocat'). */
  addComment(issueNumber: number, body: string, user?: Partial<Pick<SimpleUser, 'login' | 'id' | 'type'>>): IssueComment;
  close(): Promise<void>;
}

export interface FakeGitHubApiOptions {
  owner?: string;
  repo?: string;
  token?: string;
  defaultBranch?: string;
  /** The user that comments created through the API belong to (the token's identity). */
  tokenUser?: Pick<SimpleUser, 'login' | 'id' | 'type'>;
}

// ---------------------------------------------------------------------------------------------------
// One address for every fake of this process

// @actions/github (which @actions/artifact uses for its REST calls) reads GITHUB_API_URL once, when it is
// first loaded, so a client in this process cannot follow each fake to its own port. The front door is one
// loopback address for the whole process that forwards each request, unchanged, to the fake whose token it
// carries — as GitHub is one host for many repositories and tokens; an unknown token is 401 "Bad
// credentials". The fake behind it logs and answers the request as if it came directly (its 302 points at
// its own blob URL). It lives until the process exits.
const fakesByToken = new Map<string, string>(); // token → that fake's own base URL
let frontDoor: Promise<string> | undefined;

function startFrontDoor(): Promise<string> {
  const server = http.createServer((req, res) => {
    const m = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const target = m ? fakesByToken.get(m[1]!) : undefined;
    if (!target) {
      const body = JSON.stringify({ message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const url = new URL(req.url ?? '/', target);
    const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The fake dropped the connection (fail(route, 'drop')): so does the door.
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  // Neither the door nor a kept-alive connection to it holds the process open (an idle socket would, for the
  // server's 5 s keep-alive timeout after the last request); a request in flight does, by its client's end.
  server.unref();
  server.on('connection', (socket) => socket.unref());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/**
 * Points GITHUB_API_URL of this process at the front door, so REST clients that fix their base URL when
 * first loaded (@actions/artifact's downloadArtifact with findBy) reach every fake started in this process.
 * Call it before the first such client is loaded.
 */
export async function pointActionsClientsAtFakes(): Promise<string> {
  frontDoor ??= startFrontDoor();
  const url = await frontDoor;
  process.env.GITHUB_API_URL = url;
  return url;
}

// ---------------------------------------------------------------------------------------------------
// Minimal zip writer (local headers + central directory; stored or deflated; no zip64, no data descriptors)

export function writeZip(files: Record<string, Buffer | string>, method: 'deflate' | 'store' = 'deflate'): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // DOS date/time for 2025-01-01 00:00:00.
  const dosTime = 0;
  const dosDate = ((2025 - 1980) << 9) | (1 << 5) | 1;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = method === 'deflate' ? deflateRawSync(data) : data;
    const methodId = method === 'deflate' ? 8 : 0;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(methodId, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(methodId, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---------------------------------------------------------------------------------------------------
// Internals

const DOCS = 'https://docs.github.com/rest';
const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Problems parsing JSON',
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  410: 'Gone',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface StoredRun {
  run: WorkflowRun;
  artifactIds: number[];
}

interface StoredArtifact {
  artifact: Artifact;
  zip: Buffer;
  runId: number;
}

interface Failure {
  status: number | 'drop';
  message?: string;
  remaining: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[status] ?? 'Error');
  }
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(String(id)).toString('base64url')}`;
}

function userUrls(web: string, api: string, login: string): Omit<SimpleUser, 'login' | 'id' | 'node_id' | 'type'> {
  const u = `${api}/users/${login}`;
  return {
    avatar_url: `https://avatars.githubusercontent.com/u/0?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `${web}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    site_admin: false,
  };
}

function makeUser(web: string, api: string, who: Pick<SimpleUser, 'login' | 'id' | 'type'>): SimpleUser {
  return { login: who.login, id: who.id, node_id: nodeId(who.type === 'Bot' ? 'BOT' : 'U', Number(who.id)), type: who.type, ...userUrls(web, api, who.login) };
}

function minimalRepository(web: string, api: string, id: number, fullName: string, owner: SimpleUser): MinimalRepository {
  const r = `${api}/repos/${fullName}`;
  return {
    id,
    node_id: nodeId('R', id),
    name: fullName.split('/')[1]!,
    full_name: fullName,
    owner,
    private: true,
    html_url: `${web}/${fullName}`,
    description: null,
    fork: false,
    url: r,
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    hooks_url: `${r}/hooks`,
  };
}

function authScheme(header: string | undefined): RequestLogEntry['auth'] {
  if (!header) return 'none';
  const scheme = header.split(' ', 1)[0]!.toLowerCase();
  return scheme === 'token' || scheme === 'bearer' || scheme === 'basic' ? scheme : 'other';
}

function intParam(q: URLSearchParams, name: string, fallback: number, max = Infinity): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return fallback;
  return Math.min(n, max);
}

// ---------------------------------------------------------------------------------------------------
// The server

export async function startFakeGitHubApi(options: FakeGitHubApiOptions = {}): Promise<FakeGitHubApi> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'analytics';
  const token = options.token ?? `ghs_fake${randomBytes(12).toString('hex')}`;
  const tokenUser = options.tokenUser ?? { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
  const web = 'https://github.com';
  let base = '';
  let defaultBranch = options.defaultBranch ?? 'main';
  const repoId = 700_000_001;
  const fullName = `${owner}/${repo}`;

  const requests: RequestLogEntry[] = [];
  const failures = new Map<GitHubRoute, Failure>();
  const delays = new Map<GitHubRoute, number>();
  const workflows = new Map<string, { id: number; nextRunNumber: number }>();
  const runs = new Map<number, StoredRun>();
  const artifacts = new Map<number, StoredArtifact>();
  const blobSigs = new Map<string, number>(); // signature → artifact id
  const comments = new Map<number, { issue: number; comment: IssueComment }>();
  let nextWorkflowId = 80_000_001;
  let nextRunId = 12_000_000_001;
  let nextArtifactId = 3_000_000_001;
  let nextCommentId = 2_500_000_001;
  let clock = Date.parse('2025-01-01T00:00:00Z');

  const ownerUser = (): SimpleUser => makeUser(web, base, { login: owner, id: 9_000_001, type: 'Organization' });

  function repository(): Repository {
    return {
      id: repoId,
      node_id: nodeId('R', repoId),
      name: repo,
      full_name: fullName,
      owner: ownerUser(),
      private: true,
      html_url: `${web}/${fullName}`,
      description: null,
      fork: false,
      url: `${base}/repos/${fullName}`,
      default_branch: defaultBranch,
      visibility: 'private',
      archived: false,
      disabled: false,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
      pushed_at: '2025-01-01T00:00:00Z',
    };
  }

  function headRepository(name: string | undefined): MinimalRepository {
    if (!name || name === fullName) return minimalRepository(web, base, repoId, fullName, ownerUser());
    const forkOwner = makeUser(web, base, { login: name.split('/')[0]!, id: 9_000_002, type: 'User' });
    return { ...minimalRepository(web, base, repoId + 1, name, forkOwner), fork: true };
  }

  function addRun(spec: RunSpec): AddedRun {
    let wf = workflows.get(spec.workflow);
    if (!wf) {
      wf = { id: nextWorkflowId++, nextRunNumber: 1 };
      workflows.set(spec.workflow, wf);
    }
    const id = nextRunId++;
    const runNumber = wf.nextRunNumber++;
    const created = spec.createdAt ?? new Date((clock += 60_000));
    const status = spec.status ?? (spec.conclusion === null ? 'in_progress' : 'completed');
    const r = `${base}/repos/${fullName}/actions/runs/${id}`;
    const run: WorkflowRun = {
      id,
      name: spec.workflow.replace(/\.ya?ml$/, ''),
      node_id: nodeId('WFR', id),
      check_suite_id: id + 1,
      check_suite_node_id: nodeId('CS', id + 1),
      head_branch: spec.branch,
      head_sha: spec.headSha,
      path: `.github/workflows/${spec.workflow}`,
      run_number: runNumber,
      run_attempt: 1,
      referenced_workflows: [],
      event: spec.event ?? 'push',
      status,
      conclusion: status === 'completed' ? spec.conclusion : null,
      workflow_id: wf.id,
      url: r,
      html_url: `${web}/${fullName}/actions/runs/${id}`,
      pull_requests: [],
      created_at: iso(created),
      updated_at: iso(new Date(created.getTime() + 30_000)),
      actor: ownerUser(),
      triggering_actor: ownerUser(),
      run_started_at: iso(created),
      jobs_url: `${r}/jobs`,
      logs_url: `${r}/logs`,
      check_suite_url: `${base}/repos/${fullName}/check-suites/${id + 1}`,
      artifacts_url: `${r}/artifacts`,
      cancel_url: `${r}/cancel`,
      rerun_url: `${r}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${base}/repos/${fullName}/actions/workflows/${wf.id}`,
      head_commit: {
        id: spec.headSha,
        tree_id: createHash('sha1').update(`tree ${spec.headSha}`).digest('hex'),
        message: `commit ${spec.headSha.slice(0, 7)}`,
        timestamp: iso(created),
        author: { name: 'Octo Cat', email: 'octocat@example.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
      repository: headRepository(undefined),
      head_repository: headRepository(spec.headRepository),
      head_repository_id: spec.headRepository && spec.headRepository !== fullName ? repoId + 1 : repoId,
      display_title: `commit ${spec.headSha.slice(0, 7)}`,
    };
    const stored: StoredRun = { run, artifactIds: [] };
    const added: AddedRun = { id, runNumber, htmlUrl: run.html_url, artifacts: [] };
    for (const a of spec.artifacts ?? []) {
      const artifactId = nextArtifactId++;
      const zip = a.zip ?? writeZip(a.files, a.method);
      const expiresAt = a.expired ? new Date(created.getTime() + 3 * 86_400_000) : new Date(created.getTime() + 90 * 86_400_000);
      const u = `${base}/repos/${fullName}/actions/artifacts/${artifactId}`;
      const artifact: Artifact = {
        id: artifactId,
        node_id: nodeId('MDg6QXJ0aWZhY3Q', artifactId),
        name: a.name,
        size_in_bytes: a.listedSize ?? zip.length,
        url: u,
        archive_download_url: `${u}/zip`,
        expired: a.expired ?? false,
        created_at: iso(created),
        expires_at: iso(expiresAt),
        updated_at: iso(created),
        digest: `sha256:${createHash('sha256').update(zip).digest('hex')}`,
        workflow_run: { id, repository_id: repoId, head_repository_id: run.head_repository_id, head_branch: spec.branch, head_sha: spec.headSha },
      };
      artifacts.set(artifactId, { artifact, zip, runId: id });
      stored.artifactIds.push(artifactId);
      added.artifacts.push({ id: artifactId, name: a.name, sizeInBytes: zip.length });
    }
    runs.set(id, stored);
    return added;
  }

  function makeComment(issue: number, body: string, who: Pick<SimpleUser, 'login' | 'id' | 'type'>): IssueComment {
    const id = nextCommentId++;
    const now = iso(new Date((clock += 1000)));
    const comment: IssueComment = {
      id,
      node_id: nodeId('IC', id),
      url: `${base}/repos/${fullName}/issues/comments/${id}`,
      html_url: `${web}/${fullName}/pull/${issue}#issuecomment-${id}`,
      body,
      user: makeUser(web, base, who),
      created_at: now,
      updated_at: now,
      issue_url: `${base}/repos/${fullName}/issues/${issue}`,
      author_association: who.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
      reactions: {
        url: `${base}/repos/${fullName}/issues/comments/${id}/reactions`,
        total_count: 0,
        '+1': 0,
        '-1': 0,
        laugh: 0,
        confused: 0,
        heart: 0,
        hooray: 0,
        eyes: 0,
        rocket: 0,
      },
    };
    comments.set(id, { issue, comment });
    return comment;
  }

  function issueComments(issue: number): IssueComment[] {
    return [...comments.values()].filter((c) => c.issue === issue).map((c) => c.comment);
  }

  // --- request handling ------------------------------------------------------------------------------

  interface Reply {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    raw?: Buffer;
  }

  /** One page of `items`, with GitHub's Link header when there are other pages. */
  function paginate<T>(url: URL, items: T[]): { page: T[]; headers: Record<string, string> } {
    const perPage = intParam(url.searchParams, 'per_page', 30, 100);
    const pageNo = intParam(url.searchParams, 'page', 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return `<${base}${u.pathname}${u.search}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(link(pageNo - 1, 'prev'));
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'));
    return { page: items.slice((pageNo - 1) * perPage, pageNo * perPage), headers: links.length ? { link: links.join(', ') } : {} };
  }

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  function jsonBody(raw: Buffer): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new HttpError(400, 'Problems parsing JSON');
  }

  function commentBody(raw: Buffer): string {
    const body = jsonBody(raw).body;
    if (typeof body !== 'string') throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
    if (body.length > 65536) throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
    return body;
  }

  function routeOf(method: string, path: string): { route: GitHubRoute | 'unknown'; params: string[] } {
    const table: [string, RegExp, GitHubRoute][] = [
      ['GET', /^\/_blob\/([A-Za-z0-9_-]+)\/[^/]+\.zip$/, 'blob'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)$/, 'repos.get'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/, 'actions.listWorkflowRuns'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/, 'actions.getWorkflowRun'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/, 'actions.listWorkflowRunArtifacts'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)$/, 'actions.getArtifact'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/([^/]+)$/, 'actions.downloadArtifact'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, 'issues.listComments'],
      ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, 'issues.createComment'],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, 'issues.getComment'],
      ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, 'issues.updateComment'],
      ['DELETE', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, 'issues.deleteComment'],
    ];
    for (const [m, re, route] of table) {
      const match = re.exec(path);
      if (match && m === method) return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
    }
    return { route: 'unknown', params: [] };
  }

  async function handle(req: http.IncomingMessage, url: URL, route: GitHubRoute | 'unknown', params: string[]): Promise<Reply> {
    if (route === 'unknown') throw new HttpError(404);
    if (route === 'blob') {
      const stored = artifacts.get(blobSigs.get(params[0]!) ?? -1);
      if (!stored) {
        const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>`;
        return { status: 403, raw: Buffer.from(xml), headers: { 'content-type': 'application/xml' } };
      }
      const a = stored.artifact;
      return {
        status: 200,
        raw: stored.zip,
        headers: {
          'content-type': 'application/zip',
          'content-disposition': `attachment; filename="${a.name}.zip"; filename*=UTF-8''${encodeURIComponent(a.name)}.zip`,
          'content-md5': createHash('md5').update(stored.zip).digest('base64'),
          'x-ms-blob-type': 'BlockBlob',
        },
      };
    }

    // Every API route is scoped to the one repository (GitHub matches owner/name case-insensitively).
    const [o, r] = params;
    if (o!.toLowerCase() !== owner.toLowerCase() || r!.toLowerCase() !== repo.toLowerCase()) throw new HttpError(404);
    const q = url.searchParams;

    switch (route) {
      case 'repos.get':
        return { status: 200, body: repository() };

      case 'actions.listWorkflowRuns': {
        const key = params[2]!;
        const wf = /^\d+$/.test(key) ? [...workflows.values()].find((w) => w.id === Number(key)) : workflows.get(key);
        if (!wf) throw new HttpError(404);
        const status = q.get('status');
        const all = [...runs.values()]
          .map((s) => s.run)
          .filter((run) => run.workflow_id === wf.id)
          .filter((run) => !q.get('branch') || run.head_branch === q.get('branch'))
          .filter((run) => !q.get('event') || run.event === q.get('event'))
          .filter((run) => !q.get('head_sha') || run.head_sha === q.get('head_sha'))
          .filter((run) => !status || run.status === status || run.conclusion === status)
          .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || Number(b.id) - Number(a.id));
        const { page, headers } = paginate(url, all);
        const body: WorkflowRunsPage = { total_count: all.length, workflow_runs: page };
        return { status: 200, body, headers };
      }

      case 'actions.getWorkflowRun': {
        const stored = runs.get(Number(params[2]));
        if (!stored) throw new HttpError(404);
        return { status: 200, body: stored.run };
      }

      case 'actions.listWorkflowRunArtifacts': {
        const stored = runs.get(Number(params[2]));
        if (!stored) throw new HttpError(404);
        const name = q.get('name');
        const all = stored.artifactIds.map((id) => artifacts.get(id)!.artifact).filter((a) => !name || a.name === name);
        const { page, headers } = paginate(url, all);
        const body: ArtifactsPage = { total_count: all.length, artifacts: page };
        return { status: 200, body, headers };
      }

      case 'actions.getArtifact': {
        const stored = artifacts.get(Number(params[2]));
        if (!stored) throw new HttpError(404);
        return { status: 200, body: stored.artifact };
      }

      case 'actions.downloadArtifact': {
        const stored = artifacts.get(Number(params[2]));
        if (!stored || params[3] !== 'zip') throw new HttpError(404);
        if (stored.artifact.expired) throw new HttpError(410, 'Artifact has expired');
        const sig = randomBytes(16).toString('base64url');
        blobSigs.set(sig, stored.artifact.id);
        const se = iso(new Date(Date.now() + 60_000));
        const location = `${base}/_blob/${sig}/${encodeURIComponent(stored.artifact.name)}.zip?sv=2025-01-05&se=${encodeURIComponent(se)}&sr=b&sp=r&sig=${sig}`;
        return { status: 302, headers: { location } };
      }

      case 'issues.listComments': {
        const since = q.get('since');
        const all = issueComments(Number(params[2])).filter((c) => !since || Date.parse(c.updated_at) >= Date.parse(since));
        const { page, headers } = paginate(url, all);
        return { status: 200, body: page, headers };
      }

      case 'issues.createComment': {
        const body = commentBody(await readBody(req));
        return { status: 201, body: makeComment(Number(params[2]), body, tokenUser), headers: {} };
      }

      case 'issues.getComment': {
        const c = comments.get(Number(params[2]));
        if (!c) throw new HttpError(404);
        return { status: 200, body: c.comment };
      }

      case 'issues.updateComment': {
        const c = comments.get(Number(params[2]));
        if (!c) throw new HttpError(404);
        const body = commentBody(await readBody(req));
        if (c.comment.user?.login !== tokenUser.login) throw new HttpError(403, 'Resource not accessible by integration');
        c.comment = { ...c.comment, body, updated_at: iso(new Date((clock += 1000))) };
        return { status: 200, body: c.comment };
      }

      case 'issues.deleteComment': {
        const c = comments.get(Number(params[2]));
        if (!c) throw new HttpError(404);
        if (c.comment.user?.login !== tokenUser.login) throw new HttpError(403, 'Resource not accessible by integration');
        comments.delete(Number(params[2]));
        return { status: 204 };
      }
    }
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string | number> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-ratelimit-limit': 5000,
      'x-ratelimit-remaining': 4999,
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    let payload: Buffer | undefined = reply.raw;
    if (payload === undefined && reply.body !== undefined) {
      payload = Buffer.from(JSON.stringify(reply.body));
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['x-github-media-type'] = 'github.v3; format=json';
    }
    headers['content-length'] = payload?.length ?? 0;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function errorReply(status: number, message: string): Reply {
    return { status, body: { message, documentation_url: DOCS, status: String(status) } };
  }

  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const { route, params } = routeOf(method, url.pathname);
    const entry: RequestLogEntry = { method, path: `${url.pathname}${url.search}`, route, status: -1, auth: authScheme(req.headers.authorization) };
    requests.push(entry);
    void (async () => {
      let reply: Reply;
      const delay = route === 'unknown' ? 0 : (delays.get(route) ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        const failure = route === 'unknown' ? undefined : failures.get(route);
        if (failure) {
          if (--failure.remaining <= 0) failures.delete(route as GitHubRoute);
          if (failure.status === 'drop') {
            entry.status = 0;
            req.socket.destroy();
            return;
          }
          const status = failure.status;
          reply = errorReply(status, failure.message ?? DEFAULT_MESSAGES[status] ?? 'Error');
        } else if (route !== 'blob') {
          const m = /^(token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
          if (!m || m[2] !== token) reply = errorReply(401, 'Bad credentials');
          else reply = await handle(req, url, route, params);
        } else {
          reply = await handle(req, url, route, params);
        }
      } catch (error) {
        reply = error instanceof HttpError ? errorReply(error.status, error.message) : errorReply(500, 'Server Error');
      }
      entry.status = reply.status;
      send(res, reply);
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fakesByToken.set(token, base);

  return {
    url: base,
    owner,
    repo,
    token,
    requests,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    addRun,
    expireArtifact(artifactId) {
      const stored = artifacts.get(artifactId);
      if (!stored) throw new Error(`no artifact ${artifactId}`);
      stored.artifact = { ...stored.artifact, expired: true, expires_at: iso(new Date(clock)) };
    },
    setDefaultBranch(branch) {
      defaultBranch = branch;
    },
    fail(route, status, message, failOptions = {}) {
      failures.set(route, { status, message, remaining: failOptions.times ?? Infinity });
    },
    slow(route, ms) {
      if (ms > 0) delays.set(route, ms);
      else delays.delete(route);
    },
    clearFailures() {
      failures.clear();
      delays.clear();
    },
    comments: issueComments,
    addComment(issueNumber, body, user = {}) {
      return makeComment(issueNumber, body, { login: user.login ?? 'octocat', id: user.id ?? 583231, type: user.type ?? 'User' });
    },
    close() {
      return new Promise<void>((resolve) => {
        fakesByToken.delete(token);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
