import { todoListSchema, type TodoList } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** What waits for the signed-in person: live first, then the soonest deadline, then the newest. */
export function listTodo(fetch: Fetch): Promise<ApiResult<TodoList>> {
  return requestApi(fetch, {
    method: 'GET',
    path: '/me/todo',
    parse: (body) => todoListSchema.parse(body),
  });
}
