/** Placeholder until the lead writes the `_admin` area (so that the stack synthesizes). */
export const handler = async () => ({ statusCode: 501, body: '' });
