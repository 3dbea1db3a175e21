/** The one-line confirmation a page shows after a redirect from a successful action (?saved=…). */
export function Flash({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800" role="status" data-testid="flash">
      {message}
    </p>
  );
}
