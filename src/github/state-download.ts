// Downloading a production-state artifact with @actions/artifact: GET .../actions/artifacts/{id}/zip →
// 302 to a signed blob URL → the client streams and unzips it into a fresh temp dir. The client's REST
// calls go to GITHUB_API_URL (read by @actions/github when it is first loaded, which is why it is loaded
// here on first use), so a runner's own API is used; the token never travels to blob storage.
//
// Size protection: the artifact's size_in_bytes from the REST listing is checked against the limit before
// anything is downloaded, and each extracted state file is measured on disk before it is read
// (`oversizedStateFile`). The rest of an artifact is extracted to the temp dir and removed unread.

import { stat } from 'node:fs/promises';
import { relative } from 'node:path';

import { formatBinaryBytes } from '../util/format.js';

/**
 * What a production state may weigh. An artifact above `maxDownloadBytes` (as GitHub lists it) is not
 * downloaded, and a state file above `maxFileBytes` once extracted is not read: either is a missing state
 * (`state-missing` decides), never an out-of-memory crash. 512 MiB of manifest.json is a project of tens of
 * thousands of nodes; DBT_ORCHESTRATOR_STATE_MAX_MIB raises (or lowers) both caps.
 */
export interface StateLimits {
  /** The artifact zip, by the size GitHub lists for it. */
  maxDownloadBytes: number;
  /** Each state file (manifest.json, orchestrator.json, …) once extracted. */
  maxFileBytes: number;
}

export const DEFAULT_STATE_LIMIT_MIB = 512;

export function stateLimits(env: NodeJS.ProcessEnv = process.env): StateLimits {
  const raw = env.DBT_ORCHESTRATOR_STATE_MAX_MIB?.trim();
  const mib = raw && /^\d{1,6}$/.test(raw) && Number(raw) > 0 ? Number(raw) : DEFAULT_STATE_LIMIT_MIB;
  return { maxDownloadBytes: mib * 1024 * 1024, maxFileBytes: mib * 1024 * 1024 };
}

export function limitHint(limits: StateLimits): string {
  return `the limit is ${formatBinaryBytes(limits.maxFileBytes)}; set DBT_ORCHESTRATOR_STATE_MAX_MIB to raise it`;
}

export interface DownloadTarget {
  owner: string;
  repo: string;
  /** Needs actions: read on the repository. */
  token: string;
}

/** Extracts artifact `artifactId` of run `runId` into `dir` (which exists and is empty). */
export type DownloadArtifact = (artifactId: number, runId: number, dir: string) => Promise<void>;

export function actionsArtifactDownload(target: DownloadTarget): DownloadArtifact {
  return async (artifactId, runId, dir) => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().downloadArtifact(artifactId, {
      path: dir,
      findBy: { token: target.token, workflowRunId: runId, repositoryOwner: target.owner, repositoryName: target.repo },
    });
  };
}

/**
 * The first of `names` (paths under `root`) that is larger than the limit, as "target/manifest.json is
 * 8.0 MiB once inflated"; undefined when all fit. Measured on disk, so a zip directory that understates a
 * size cannot make a large file pass.
 */
export async function oversizedStateFile(root: string, paths: string[], limits: StateLimits): Promise<string | undefined> {
  for (const path of paths) {
    const size = (await stat(path)).size;
    if (size > limits.maxFileBytes) return `${relative(root, path).split('\\').join('/')} is ${formatBinaryBytes(size)} once inflated`;
  }
  return undefined;
}
