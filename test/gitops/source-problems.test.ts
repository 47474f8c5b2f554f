import { gitOpsSourceProblems, redactedUrl } from '../../lib/gitops/argocd-objects';

const problemsOf = (repository: string) => gitOpsSourceProblems({ repository });

describe('gitOpsSourceProblems: the repository URL', () => {
  test.each([
    'https://github.com/org/repo.git',
    'ssh://git@github.com/org/repo.git',
    'ssh://git@github.com:2222/org/repo.git',
    'git@github.com:org/repo.git',
    'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x',
  ])('accepts %s', (repository) => {
    expect(problemsOf(repository)).toEqual([]);
  });

  test.each([
    ['https://user:pa/ss@host/x', 'pa/ss'],
    ['https://bot:t0ken@git.example.com/e.git', 't0ken'],
    ['https://ghp_t0ken@github.com/org/repo.git', 'ghp_t0ken'],
    ['http://user:@host/x', 'user'],
    ['ssh://git:tok/en@host/x', 'tok/en'],
    ['ssh://git:t0ken@host/x', 't0ken'],
  ])('refuses credentials in %s, never repeating them', (repository, secret) => {
    const problems = problemsOf(repository);
    expect(problems).toContainEqual(expect.stringContaining('repository: the URL carries credentials'));
    expect(problems.join('\n')).not.toContain(secret);
  });

  test.each([
    ['https://host/x.git?private_token=abc', 'abc'],
    ['https://host/x.git#t0ken', 't0ken'],
    ['ssh://git@host/x.git?key=s3cret', 's3cret'],
    ['https://host/x.git?', 'x.git?"'],
  ])('refuses a query or fragment in %s, never repeating it', (repository, secret) => {
    const problems = problemsOf(repository);
    expect(problems).toContainEqual(expect.stringContaining('has a query or fragment'));
    expect(problems.join('\n')).not.toContain(secret);
  });

  test('what is not a URL is described redacted', () => {
    expect(problemsOf('ftp://x')).toEqual(['repository: "ftp://x" is not an https://, ssh:// or git@host: URL']);
    expect(problemsOf('bot:t0ken@host:org/repo.git')).toEqual([
      'repository: "***@host:org/repo.git" is not an https://, ssh:// or git@host: URL',
    ]);
    expect(problemsOf('ftp://bot:t0ken@host/x?token=abc').join('\n')).not.toMatch(/t0ken|abc/);
    expect(problemsOf('https://host/a b')).toEqual([expect.stringContaining('is not an https://')]);
    expect(problemsOf('https://')).toEqual([expect.stringContaining('is not an https://')]);
    expect(problemsOf('')).toEqual(['repository: a Git URL is required']);
  });

  test('redactedUrl: userinfo and query go, the rest stays as written', () => {
    expect(redactedUrl('https://Host/x.git')).toBe('https://Host/x.git');
    expect(redactedUrl('https://user:pa/ss@host/x')).toBe('https://***@host/x');
    expect(redactedUrl('ssh://git:tok/en@host/x')).toBe('ssh://***@host/x');
    expect(redactedUrl('https://host/x.git?private_token=abc')).toBe('https://host/x.git?…');
    expect(redactedUrl('https://a:b@host/x#frag')).toBe('https://***@host/x#…');
  });

  test('a password or token holding ? or # is still a credential, and never shown', () => {
    for (const url of [
      'https://user:pa?ss@host/repo.git',
      'https://ghp_tok?en@github.com/o/r.git',
      'ssh://git:pw#x@host/r',
    ]) {
      const problems = problemsOf(url);
      expect(problems).toContainEqual(expect.stringContaining('the URL carries credentials'));
      expect(problems.join('\n')).not.toMatch(/pa\?ss|ghp_tok|pw#x|user/);
    }
  });
});
