/** The floor's one activity: does nothing with its input, so that its cost is Temporal's and the SDK's alone. */
export async function floorEcho(input: string): Promise<number> {
  return input.length;
}
