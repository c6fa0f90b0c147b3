// How much of a list's grid a detail pane overlaying it covers on the right, in px (0 when the
// pane is closed or sits beside the list). ListWithPane measures it and hands it down by context;
// VirtualGrid reads it to leave that much room after its last column, to scroll a header reached
// by Tab clear of the pane, and to count the columns under the pane as hidden — at once when the
// pane opens, closes or changes width, with no polling.
import { getContext, setContext } from 'svelte'

const KEY = Symbol('grid cover')

export class GridCover {
  right = $state(0)
}

/** For the component that lays a pane over a list: the cover its grids will read. */
export function provideGridCover(): GridCover {
  return setContext(KEY, new GridCover())
}

/** For a grid: the cover of the list it is in, if any. */
export function gridCover(): GridCover | undefined {
  return getContext<GridCover | undefined>(KEY)
}
