// A search box's text as an (i)like pattern that finds it anywhere: its %, _ and \ taken literally
// (PostgreSQL's default escape character is the backslash). One place for what ten services had each written.
export const containing = (text: string) => `%${text.replace(/[%_\\]/g, '\\$&')}%`;
